using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Replica autoscaling with real processes: Azurite plus three silos, a model of about a millisecond per row
/// (<see cref="HeavyMlp"/>) allowed 1 to 3 replicas with a target of 2 requests in flight per replica. A closed-loop
/// load of 12 SDK clients keeps about 12 in flight, more than one replica carries, so replicas are added (one per
/// silo); when the load stops they drain back to one. No request may fail.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class AutoscalingTests(ITestOutputHelper output)
{
    private const int Workers = 12;
    private const double LatencyTargetMs = 250;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ScaleLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LoadStepThenStop_ScalesUpAcrossSilosThenBackToMin_NoRequestFails()
    {
        await using var cluster = await FabricCluster.StartAsync(output, StartLimit, prepareRepository: HeavyMlp.Write);
        var http = cluster.Http;
        var model = new Uri(cluster[0].BaseAddress, "/v1/models/" + HeavyMlp.Name);
        using (var put = await http.PutAsJsonAsync(new Uri(model + "/scaling"), new JsonObject
        {
            ["target_in_flight_per_replica"] = 2,
            ["target_p95_latency_ms"] = LatencyTargetMs,
            ["scale_down_stabilization_seconds"] = 5,
            ["reason"] = "e2e: scale on in-flight requests",
        }))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT scaling answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(1, await ServingReplicasAsync(http, model));
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var load = ClosedLoopLoad.Start(cluster.CreateClient(client), Workers, cap: TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(10), HeavyMlp.Workload());
        TimeSpan scaledUp, scaledDown;
        double? p95AfterScaleUp;
        IReadOnlyList<string> silos;
        try
        {
            scaledUp = await WaitForServingAsync(http, model, 3, ScaleLimit);
            output.WriteLine($"load step to three replicas serving: {scaledUp.TotalSeconds:F1} s ({load.Sent} requests sent, {load.Failed} failed)");
            // A replica placed in a zone that already had one is moved by the supervisor once the topology held a round.
            var spread = Stopwatch.StartNew();
            while ((silos = await ReplicaSilosAsync(http, model)).Distinct(StringComparer.Ordinal).Count() < 3 && spread.Elapsed < ScaleLimit)
            {
                await Task.Delay(200);
            }

            output.WriteLine($"three replicas on three silos {spread.Elapsed.TotalSeconds:F1} s after they all served");
            var since = load.Elapsed;
            await load.WaitForMoreAsync(500, TimeSpan.FromSeconds(30));
            p95AfterScaleUp = load.LatencyQuantile(0.95, since);
            output.WriteLine($"p95 latency with three replicas: {p95AfterScaleUp:F1} ms (target {LatencyTargetMs} ms); replicas on {string.Join(", ", silos)}");
        }
        finally
        {
            await load.StopAsync();
        }

        var stopped = Stopwatch.StartNew();
        scaledDown = await WaitForServingAsync(http, model, 1, ScaleLimit);
        output.WriteLine($"load stop to one replica: {scaledDown.TotalSeconds:F1} s (stabilization window 5 s, drain 2 s); {load.Sent} requests, {load.Failed} failed");

        var events = (await http.GetFromJsonAsync<JsonObject>(new Uri(cluster[0].BaseAddress, "/v1/events?model=" + HeavyMlp.Name)))!["events"]!.AsArray()
            .Where(e => string.Equals(e!["kind"]!.GetValue<string>().Replace("_", "", StringComparison.Ordinal), "ReplicasScaled", StringComparison.OrdinalIgnoreCase))
            .Select(e => e!["message"]!.GetValue<string>())
            .ToList();
        foreach (var message in events)
        {
            output.WriteLine("event: " + message);
        }

        Assert.True(load.Failed == 0, $"{load.Failed} of {load.Sent} requests failed:\n{string.Join('\n', load.Failures)}");
        Assert.Equal(3, silos.Distinct(StringComparer.Ordinal).Count());
        Assert.True(p95AfterScaleUp < LatencyTargetMs, $"p95 {p95AfterScaleUp} ms with three replicas; target {LatencyTargetMs} ms");
        Assert.Contains(events, m => m.Contains("in flight", StringComparison.OrdinalIgnoreCase) || m.Contains("in-flight", StringComparison.OrdinalIgnoreCase));
        Assert.True(events.Count >= 2, "expected scale-up and scale-down events with their reasons");
    }

    private static async Task<int> ServingReplicasAsync(HttpClient http, Uri model)
    {
        var scaling = await http.GetFromJsonAsync<JsonObject>(new Uri(model + "/scaling"));
        return scaling!["serving_by_version"]!["1"]!.GetValue<int>();
    }

    private static async Task<TimeSpan> WaitForServingAsync(HttpClient http, Uri model, int replicas, TimeSpan limit)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            var scaling = await http.GetFromJsonAsync<JsonObject>(new Uri(model + "/scaling"));
            if (scaling!["serving_by_version"]!["1"]!.GetValue<int>() == replicas && scaling["replicas_by_version"]!["1"]!.GetValue<int>() == replicas)
            {
                return started.Elapsed;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"iris did not reach {replicas} serving replica(s) within {limit.TotalSeconds:F0} s: {await http.GetStringAsync(new Uri(model + "/scaling"))}");
    }

    private static async Task<IReadOnlyList<string>> ReplicaSilosAsync(HttpClient http, Uri model)
    {
        var view = await http.GetFromJsonAsync<JsonObject>(model);
        return view!["versions"]!.AsArray()
            .Where(v => v!["version"]!.GetValue<string>() == "1")
            .SelectMany(v => v!["replicas"]!.AsArray())
            .Select(r => r!["silo"]?.GetValue<string>() ?? "?")
            .ToList();
    }
}
