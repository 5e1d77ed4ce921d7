using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Every panel query of deploy/monitoring/dashboards run by a real Prometheus (Debian's server) against two real silo
/// processes that served a short load: each must return data. The model dashboard's panels are drawn from range
/// queries into TestResults/dashboards/model/; with SERVINGFABRIC_REFRESH_DOCS_IMAGES=1 its image also replaces
/// docs/images/dashboard-model.png.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class DashboardQueryTests(ITestOutputHelper output)
{
    private const int Ticks = 120;
    private const int PerTick = 3;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// What Grafana's $__rate_interval comes to for a 1 s scrape over a short range, rounded up to 10 s so a window holds
    /// several scrapes even on a loaded machine. Windows written into the queries stay as they are, the 30-day SLI too:
    /// a rate over a window longer than the data uses the samples there are, so the query is valid and returns its
    /// vector; only the SLI's 30 s rule interval is shortened (see <see cref="PrometheusProcess"/>).
    /// </summary>
    private static readonly Dictionary<string, string> Grafana = new(StringComparer.Ordinal) { ["__rate_interval"] = "10s", ["__range"] = "5m" };

    [Fact]
    public async Task PanelQueries_TwoSilosAfterLoad_EveryQueryReturnsData()
    {
        await using var cluster = await FabricCluster.StartAsync(output, Limit, prepareRepository: DeterministicIrisOnBothSilos, siloCount: 2);
        var targets = Enumerable.Range(0, cluster.Count).Select(i => cluster[i].BaseAddress.Authority).ToList();
        await using var prometheus = await PrometheusProcess.StartAsync(targets, TimeSpan.FromSeconds(30));
        var queries = GrafanaDashboards.Queries(RepositoryPaths.Root);

        var started = DateTimeOffset.UtcNow;
        var (good, bad) = await LoadAsync(cluster);
        var empty = await WaitUntilEveryQueryHasDataAsync(prometheus, queries, good, bad);
        var sums = (await prometheus.QueryAsync(Sum("success")), await prometheus.QueryAsync(Sum("invalid_input")));
        output.WriteLine($"{good} good and {bad} bad requests; {queries.Count} panel queries, {empty.Count} without data");

        Assert.Equal((good, bad), ((int)(sums.Item1.First ?? -1), (int)(sums.Item2.First ?? -1)));
        Assert.True(empty.Count == 0, "panel queries without data:\n" + string.Join("\n", empty) + "\n" + prometheus.Output);
        var image = await DrawModelDashboardAsync(prometheus, started);
        Assert.True(new FileInfo(image).Length > 10_000, $"{image} is nearly empty");
    }

    private static string Sum(string outcome) => $"sum(servingfabric_inference_requests_total{{model=\"iris\", outcome=\"{outcome}\"}})";

    /// <summary>Iris answers repeated inputs from the cache (so the cache panel has hits) and keeps a replica on each silo.</summary>
    private static void DeterministicIrisOnBothSilos(string models)
    {
        var path = Path.Combine(models, SampleModels.IrisModelName, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["deterministic"] = true;
        config["replicas"] = new JsonObject { ["min"] = 2, ["max"] = 2 };
        File.WriteAllText(path, config.ToJsonString());
    }

    /// <summary>
    /// About 12 s of paced load over both gateways: each tick three concurrent requests (so batches of more than one
    /// row form), one in four of them a repeated input, and every tenth tick one malformed request (an invalid_input
    /// series). Seeded, so every run sends the same requests.
    /// </summary>
    private async Task<(int Good, int Bad)> LoadAsync(FabricCluster cluster)
    {
        var random = new Random(16);
        using var timer = new PeriodicTimer(Tick);
        var good = 0;
        var bad = 0;
        for (var tick = 0; tick < Ticks && await timer.WaitForNextTickAsync(); tick++)
        {
            var gateway = cluster[tick % cluster.Count].BaseAddress;
            var batch = Enumerable.Range(0, PerTick)
                .Select(i => Features(random, repeated: (tick * PerTick + i) % 4 == 0))
                .Select(features => PostAsync(cluster.Http, gateway, features, HttpStatusCode.OK))
                .ToList();
            if (tick % 10 == 0)
            {
                batch.Add(PostAsync(cluster.Http, gateway, [1f, 2f, 3f], HttpStatusCode.BadRequest));
                bad++;
            }

            await Task.WhenAll(batch);
            good += PerTick;
        }

        output.WriteLine($"load: {good} good, {bad} bad requests over {Ticks * Tick.TotalSeconds} s");
        return (good, bad);
    }

    private static float[] Features(Random random, bool repeated) =>
        repeated ? [5.1f, 3.5f, 1.4f, 0.2f] : [.. Enumerable.Range(0, 4).Select(_ => (float)Math.Round(random.NextDouble() * 8, 3))];

    private static async Task PostAsync(HttpClient http, Uri gateway, float[] features, HttpStatusCode expected)
    {
        var body = $$"""{"inputs":[{"name":"input","shape":[1,{{features.Length}}],"datatype":"FP32","data":[{{string.Join(",", features.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}]}""";
        using var response = await http.PostAsync(new Uri(gateway, "/v2/models/iris/infer"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} from {gateway}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Polls Prometheus' API (the silos are scraped every second, the rules evaluated every second) until the last
    /// scrapes hold every request sent and every panel query returns a series, or 60 s pass; the queries still empty.
    /// </summary>
    private static async Task<IReadOnlyList<string>> WaitUntilEveryQueryHasDataAsync(
        PrometheusProcess prometheus, IReadOnlyList<DashboardQuery> queries, int good, int bad)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var counted = (await prometheus.QueryAsync(Sum("success"))).First == good && (await prometheus.QueryAsync(Sum("invalid_input"))).First == bad;
            var empty = new List<string>();
            foreach (var query in queries)
            {
                if ((await prometheus.QueryAsync(query.SubstitutedWith(Grafana))).Count == 0)
                {
                    empty.Add(query.ToString());
                }
            }

            if ((counted && empty.Count == 0) || DateTime.UtcNow > deadline)
            {
                return empty;
            }

            await Task.Delay(500);
        }
    }

    private async Task<string> DrawModelDashboardAsync(PrometheusProcess prometheus, DateTimeOffset started)
    {
        var model = GrafanaDashboards.Load(RepositoryPaths.Root).Single(d => d.File == "model.json").Json;
        var from = started.AddSeconds(-5);
        var to = DateTimeOffset.UtcNow;
        var panels = new List<PanelData>();
        foreach (var panel in GrafanaDashboards.Panels(model))
        {
            var targets = new List<(string, IReadOnlyList<PrometheusSeries>)>();
            foreach (var target in panel["targets"]!.AsArray())
            {
                var expr = GrafanaDashboards.Substitute((string)target!["expr"]!, Grafana);
                targets.Add(((string?)target["legendFormat"] ?? "", await prometheus.QueryRangeAsync(expr, from, to, TimeSpan.FromSeconds(1))));
            }

            panels.Add(new PanelData((string)panel["title"]!, (string?)panel["fieldConfig"]?["defaults"]?["unit"] ?? "", targets));
        }

        var folder = Path.Combine(RepositoryPaths.Root, "TestResults", "dashboards", "model");
        var image = DashboardPlots.Write(folder, panels, from.ToUnixTimeMilliseconds() / 1000.0);
        output.WriteLine($"model dashboard drawn: {folder}");
        if (Environment.GetEnvironmentVariable("SERVINGFABRIC_REFRESH_DOCS_IMAGES") == "1")
        {
            var docs = Path.Combine(RepositoryPaths.Root, "docs", "images", "dashboard-model.png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(image, docs, overwrite: true);
            output.WriteLine("docs/images/dashboard-model.png refreshed");
        }

        return image;
    }
}
