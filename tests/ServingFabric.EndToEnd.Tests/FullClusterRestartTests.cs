using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServingFabric.Samples;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Every silo stopped, then started again on the same Azure Table storage: what operators set through /v1 comes back
/// from the router's stored state, not from the repository's config.json. Two silos to spare the machine.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class FullClusterRestartTests(ITestOutputHelper output)
{
    private const string AdminKey = "e2e-admin-key-0123456789abcdef";
    private const string Released = "iris-canary";
    private const int GracefulExitCode = 0;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task StopAllThenStartAll_OperatorSettings_ComeBackFromStorage()
    {
        await using var cluster = await FabricCluster.StartAsync(output, StartLimit,
            [$"--ServingFabric:Gateway:AdminApiKey={AdminKey}"], PrepareRepository, siloCount: 2);
        using var admin = AdminClient(cluster[0].BaseAddress);

        var artifact = CopyToInbox(cluster.ModelsPath);
        await RegisterVersion2Async(admin, SampleModels.IrisModelName, artifact);
        await RegisterVersion2Async(admin, Released, artifact);
        await SendAsync(admin, HttpMethod.Post, "/v1/models/iris/versions/2/default", new JsonObject { ["reason"] = "e2e: v2 is the default" });
        await SendAsync(admin, HttpMethod.Put, "/v1/models/iris", new JsonObject
        {
            ["weights"] = new JsonArray(Weight("2", 70), Weight("1", 30)),
            ["reason"] = "e2e: split",
        });
        await SendAsync(admin, HttpMethod.Put, "/v1/models/iris/scaling", JsonNode.Parse(
            """{"min_replicas": 1, "max_replicas": 2, "target_in_flight_per_replica": 4, "scale_down_stabilization_seconds": 120, "max_queue_length": 50, "queue_timeout_seconds": 1.5, "reason": "e2e: scaling"}""")!);
        // Far more samples than this test sends, so the release is still running when the cluster stops.
        await SendAsync(admin, HttpMethod.Post, $"/v1/models/{Released}/canary", new JsonObject
        {
            ["version"] = "2",
            ["steps"] = new JsonArray(10, 50),
            ["min_requests_per_step"] = 100000,
            ["min_step_seconds"] = 3600,
            ["reason"] = "e2e: a release in progress",
        });
        var before = await SnapshotAsync(admin);

        var exits = await cluster.StopAllAsync(TimeSpan.FromSeconds(90));
        await cluster.StartAllAsync(StartLimit);
        using var restarted = AdminClient(cluster[1].BaseAddress);
        var after = await SnapshotAsync(restarted);

        Assert.All(exits, code => Assert.Equal(GracefulExitCode, code));
        Assert.Equal(before.DefaultVersion, after.DefaultVersion);
        Assert.Equal("2", after.DefaultVersion);
        Assert.Equal(before.Registry, after.Registry);
        Assert.Equal(before.Traffic, after.Traffic);
        Assert.Equal(before.Scaling, after.Scaling);
        Assert.Equal(before.Release, after.Release);
        Assert.Contains("\"status\":\"running\"", after.Release, StringComparison.Ordinal);
        Assert.Empty(before.Events.Except(after.Events));
    }

    private sealed record Snapshot(string DefaultVersion, string Registry, string Traffic, string Scaling, string Release, IReadOnlyList<string> Events);

    private async Task<Snapshot> SnapshotAsync(HttpClient http)
    {
        var iris = await GetAsync(http, "/v1/models/iris");
        var scaling = await GetAsync(http, "/v1/models/iris/scaling");
        var release = await GetAsync(http, $"/v1/models/{Released}/experiment");
        var events = await GetAsync(http, "/v1/events");
        var snapshot = new Snapshot(
            iris["default_version"]!.GetValue<string>(),
            iris["registry"]!.ToJsonString(),
            iris["traffic"]!.ToJsonString(),
            scaling["settings"]!.ToJsonString(),
            new JsonObject
            {
                ["id"] = release["id"]!.DeepClone(),
                ["status"] = release["status"]!.DeepClone(),
                ["candidate"] = release["candidate"]!.DeepClone(),
                ["candidate_percent"] = release["candidate_percent"]!.DeepClone(),
                ["steps"] = release["steps"]!.DeepClone(),
                ["started_at"] = release["started_at"]!.DeepClone(),
            }.ToJsonString(),
            [.. events["events"]!.AsArray().Select(e => $"{e!["model"]} #{e["sequence"]} {e["kind"]}: {e["message"]}")]);
        output.WriteLine($"default {snapshot.DefaultVersion}\nregistry {snapshot.Registry}\ntraffic {snapshot.Traffic}\nscaling {snapshot.Scaling}\nrelease {snapshot.Release}\nevents {snapshot.Events.Count}");
        return snapshot;
    }

    // Two models of one replica per version each: the operator settings of one, a release on the other (a running
    // canary owns its model's traffic, so a split and a release cannot be set on the same model).
    private static void PrepareRepository(string models)
    {
        var iris = Path.Combine(models, SampleModels.IrisModelName);
        var copy = Path.Combine(models, Released);
        Directory.CreateDirectory(Path.Combine(copy, "1"));
        File.Copy(Path.Combine(iris, "1", "model.onnx"), Path.Combine(copy, "1", "model.onnx"));
        foreach (var folder in new[] { iris, copy })
        {
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(iris, "config.json")))!.AsObject();
            config["replicas"] = new JsonObject { ["min"] = 1, ["max"] = 2 };
            File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        }
    }

    private static string CopyToInbox(string models)
    {
        var inbox = Directory.CreateDirectory(Path.Combine(models, ".inbox")).FullName;
        var artifact = Path.Combine(inbox, $"iris-v2-{Guid.NewGuid():N}.onnx");
        File.Copy(Path.Combine(models, SampleModels.IrisModelName, "1", "model.onnx"), artifact);
        return artifact;
    }

    private static async Task RegisterVersion2Async(HttpClient admin, string model, string artifact) =>
        await SendAsync(admin, HttpMethod.Post, $"/v1/models/{model}/versions", new JsonObject
        {
            ["version"] = "2",
            ["artifact"] = artifact,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(artifact))),
            ["reason"] = "e2e: version 2",
        });

    private static JsonObject Weight(string version, int percent) => new() { ["version"] = version, ["percent"] = percent };

    private static HttpClient AdminClient(Uri gateway)
    {
        var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        http.DefaultRequestHeaders.Add("x-fabric-actor", "e2e");
        return http;
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, JsonNode body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
    }

    private static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
