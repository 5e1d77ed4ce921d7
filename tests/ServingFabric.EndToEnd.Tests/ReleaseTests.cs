using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServingFabric.Client;
using ServingFabric.Protocol;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Progressive delivery through the real request path: Azurite plus three silos, version 2 of iris registered through
/// the management API from an artifact file, unversioned SDK traffic split by the routers' weights. A canary with
/// injected faults must roll back by itself and traffic return to version 1; the same version without faults must be
/// promoted to 100 %.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class ReleaseTests(ITestOutputHelper output)
{
    private const string AdminKey = "e2e-admin-key-0123456789abcdef";
    private const int Workers = 4;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DecisionLimit = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Small steps so a test decides in seconds; a burn-in of 300 per arm (500 by default) because a version that had no
    /// traffic for a few seconds answers its first requests measurably slower on this machine, and with a burn-in of 100
    /// that transient alone could roll back a healthy canary (1 run in 4); wider non-inferiority margins because both
    /// arms share two loaded cores with the load generator (the statistics are tested on their own).
    /// </summary>
    private static readonly string[] ReleaseArguments =
    [
        $"--ServingFabric:Gateway:AdminApiKey={AdminKey}",
        "--ServingFabric:Releases:Canary:MinSamplesPerArm=300",
        "--ServingFabric:Releases:Canary:HardGuardMinRequests=50",
        "--ServingFabric:Releases:Canary:LogLatencyMargin=0.6931",
        "--ServingFabric:Releases:Canary:ErrorRateMargin=0.02",
    ];

    [Fact]
    public async Task Canary_FaultsThenHealthy_RolledBackThenPromoted()
    {
        await using var cluster = await FabricCluster.StartAsync(output, StartLimit, ReleaseArguments);
        var gateway = cluster[0].BaseAddress;
        using var admin = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        admin.DefaultRequestHeaders.Add("x-fabric-actor", "e2e");

        // Imports are allowed only from the import roots, by default the model repository: the repository's .inbox
        // (a dot folder, which the repository does not read as a model) is where an operator drops an artifact.
        var inbox = Directory.CreateDirectory(Path.Combine(cluster.ModelsPath, ".inbox")).FullName;
        var artifact = Path.Combine(inbox, $"iris-v2-{Guid.NewGuid():N}.onnx");
        File.Copy(Path.Combine(cluster.ModelsPath, SampleModels.IrisModelName, "1", "model.onnx"), artifact);
        try
        {
            await SendAsync(admin, HttpMethod.Post, "/v1/models/iris/versions", new JsonObject
            {
                ["version"] = "2",
                ["artifact"] = artifact,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(artifact))),
                ["reason"] = "e2e: the candidate",
            });
            await SendAsync(admin, HttpMethod.Put, "/v1/models/iris/versions/2/fault", new JsonObject
            {
                ["abort_percent"] = 50,
                ["abort_status"] = 500,
                ["reason"] = "e2e: rehearse a rollback",
            });

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var traffic = VersionedTraffic.Start(cluster.CreateClient(http, AdminKey), SampleModels.IrisModelName, Workers, cap: TimeSpan.FromSeconds(280));
            try
            {
                await traffic.WaitForAsync(200, TimeSpan.FromSeconds(30));

                // A: the faulty canary. The hard guard or the error count test must roll it back without anyone asking.
                traffic.NextPhase();
                await SendAsync(admin, HttpMethod.Post, "/v1/models/iris/canary", new JsonObject
                {
                    ["version"] = "2",
                    ["steps"] = new JsonArray(20, 50, 100),
                    ["min_requests_per_step"] = 100,
                    ["min_step_seconds"] = 1,
                    ["reason"] = "e2e: faulty canary",
                });
                var rolledBack = await WaitForStatusAsync(admin, "rolled_back", DecisionLimit);
                var duringFaulty = traffic.NextPhase();
                output.WriteLine($"A (faulty canary): rolled back after {rolledBack.Elapsed.TotalSeconds:F1} s: {rolledBack.Reason}");
                output.WriteLine($"A traffic: {duringFaulty}");

                var settled = await WaitUntilOnlyAsync(traffic, "1");
                output.WriteLine($"A: only version 1 answers {settled.TotalSeconds:F1} s after the rollback (fronts refresh their routing table every second)");
                await traffic.WaitForAsync(300, TimeSpan.FromSeconds(30));
                var afterRollback = traffic.NextPhase();
                output.WriteLine($"A after rollback: {afterRollback}");

                // B: the same version without faults is promoted through every step. Its replicas first settle: the
                // supervisor may still be moving one to restore the zone spread, and a replica reloading on its new
                // silo makes the candidate slower for real, which the latency test would rightly count as harm.
                await SendAsync(admin, HttpMethod.Delete, "/v1/models/iris/versions/2/fault?reason=e2e%3A%20fixed", body: null);
                var spread = await WaitUntilSpreadAsync(admin, "2");
                output.WriteLine($"B: version 2 healthy on three silos, steady for a second, after {spread.TotalSeconds:F1} s");
                await SendAsync(admin, HttpMethod.Post, "/v1/models/iris/canary", new JsonObject
                {
                    ["version"] = "2",
                    ["steps"] = new JsonArray(20, 50, 100),
                    ["min_requests_per_step"] = 100,
                    ["min_step_seconds"] = 1,
                    ["reason"] = "e2e: healthy canary",
                });
                var promoted = await WaitForStatusAsync(admin, "promoted", DecisionLimit);
                var duringHealthy = traffic.NextPhase();
                output.WriteLine($"B (healthy canary): promoted after {promoted.Elapsed.TotalSeconds:F1} s: {promoted.Reason}");
                output.WriteLine($"B traffic: {duringHealthy}");

                settled = await WaitUntilOnlyAsync(traffic, "2");
                output.WriteLine($"B: only version 2 answers {settled.TotalSeconds:F1} s after the promotion");
                await traffic.WaitForAsync(300, TimeSpan.FromSeconds(30));
                var afterPromotion = traffic.NextPhase();
                output.WriteLine($"B after promotion: {afterPromotion}");

                Assert.True(duringFaulty.Failures.ContainsKey("500"), $"the injected faults never reached a caller: {duringFaulty}");
                Assert.Equal(["1"], afterRollback.ByVersion.Keys);
                Assert.Equal(0, afterRollback.FailedTotal);
                Assert.Equal(0, duringHealthy.FailedTotal);
                Assert.Equal(["2"], afterPromotion.ByVersion.Keys);
                Assert.Equal(0, afterPromotion.FailedTotal);
                Assert.Equal(0, duringFaulty.WrongAnswers + afterRollback.WrongAnswers + duringHealthy.WrongAnswers + afterPromotion.WrongAnswers);

                var model = await admin.GetFromJsonAsync<JsonObject>("/v1/models/iris");
                Assert.Equal("2", model!["default_version"]!.GetValue<string>());
                var events = (await admin.GetFromJsonAsync<JsonObject>("/v1/events?model=iris"))!["events"]!.AsArray();
                var kinds = events.Select(e => e!["kind"]!.GetValue<string>()).ToList();
                output.WriteLine("events: " + string.Join(", ", kinds));
                Assert.Contains(events, e => IsKind(e, "ReleaseRolledBack") && e!["actor"]?.GetValue<string>() == "fabric");
                Assert.Contains(events, e => IsKind(e, "ReleasePromoted"));
                // The actor is the authenticated principal (the admin key), never the self-declared x-fabric-actor header.
                Assert.Contains(events, e => IsKind(e, "FaultInjectionChanged") && e!["actor"]?.GetValue<string>() == "key:admin");
            }
            finally
            {
                await traffic.StopAsync();
            }
        }
        finally
        {
            File.Delete(artifact);
        }
    }

    /// <summary>
    /// The optimizer's path through a cluster: <c>POST /v1/models/iris/versions/1/optimize</c> on one gateway silo makes an
    /// int8 candidate gated on Fisher's labelled flowers, imports it into the shared repository as version 2 with the
    /// gate's figures on its record, every silo loads it, and a canary of it under load is decided with no failed request:
    /// promoted, or rolled back for latency harm on a machine where int8 is slower on this tiny model. The int8 answers
    /// are checked against the float reference, in the canary and asked by version.
    /// </summary>
    [Fact]
    public async Task OptimizeThenCanary_Int8CandidateUnderLoad_RegisteredOnEverySiloAndDecidedWithoutFailures()
    {
        await using var cluster = await FabricCluster.StartAsync(output, StartLimit, ReleaseArguments);
        using var admin = new HttpClient { BaseAddress = cluster[1].BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var traffic = VersionedTraffic.Start(cluster.CreateClient(http, AdminKey), SampleModels.IrisModelName, Workers, cap: TimeSpan.FromSeconds(240));
        try
        {
            await traffic.WaitForAsync(200, TimeSpan.FromSeconds(30));
            var evaluation = new JsonObject
            {
                ["input"] = "input",
                ["shape"] = new JsonArray(IrisMlpWeights.Features),
                ["samples"] = new JsonArray([.. IrisDataSet.Rows.Select(r => (JsonNode)new JsonArray([.. r.Features.Select(v => (JsonNode)v)]))]),
                ["labels"] = new JsonArray([.. IrisDataSet.Rows.Select(r => (JsonNode)r.Label)]),
            };
            var optimized = await SendAsync(admin, HttpMethod.Post, "/v1/models/iris/versions/1/optimize", new JsonObject
            {
                ["quantize"] = "dynamic",
                ["per_channel"] = true,
                ["evaluation"] = evaluation,
                ["reason"] = "e2e: int8 candidate",
            });
            var record = optimized!["version"]!["optimization"]!;
            output.WriteLine($"optimized: version {optimized["version"]!["version"]}, {record["steps"]}; top-1 agreement {record["top1_agreement"]}, accuracy {record["source_accuracy"]} -> {record["accuracy"]}");
            Assert.Equal("2", optimized["version"]!["version"]!.GetValue<string>());

            // Every silo sees the registration with its record (the registry is the router's, the artifact the shared repository's).
            for (var i = 0; i < FabricCluster.Zones.Length; i++)
            {
                using var other = new HttpClient { BaseAddress = cluster[i].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
                var versions = (await other.GetFromJsonAsync<JsonObject>("/v1/models/iris/versions"))!["versions"]!.AsArray();
                Assert.Equal("1", versions.Single(v => v!["version"]!.GetValue<string>() == "2")!["optimization"]!["source_version"]!.GetValue<string>());
            }

            var spread = await WaitUntilSpreadAsync(admin, "2");
            output.WriteLine($"version 2 healthy on three silos after {spread.TotalSeconds:F1} s");

            // Asked by version before the canary, version 2 answers Fisher's flowers as the float model does (within the gate).
            var client = cluster.CreateClient(http, AdminKey);
            var agreeing = 0;
            foreach (var row in IrisDataSet.Rows)
            {
                var response = await client.InferAsync(new InferenceRequestBuilder(SampleModels.IrisModelName).WithVersion("2")
                    .AddInput("input", [1, IrisMlpWeights.Features], row.Features).Build());
                Assert.Equal("2", response.ModelVersion);
                agreeing += response.GetOutput("label").ToArray<long>()[0] == IrisReference.Compute(row.Features).Label ? 1 : 0;
            }

            output.WriteLine($"version 2 asked directly: {agreeing} of {IrisDataSet.Rows.Count} flowers as the float reference answers");
            Assert.True(agreeing >= IrisDataSet.Rows.Count * 0.98, $"version 2 agreed with the float reference on {agreeing} of {IrisDataSet.Rows.Count} flowers");

            traffic.NextPhase();
            await SendAsync(admin, HttpMethod.Post, "/v1/models/iris/canary", new JsonObject
            {
                ["version"] = "2",
                ["steps"] = new JsonArray(20, 50, 100),
                ["min_requests_per_step"] = 100,
                ["min_step_seconds"] = 1,
                ["reason"] = "e2e: int8 canary",
            });
            // The canary decides on what it measures: int8 is the faster kernel on wide layers, but on a 4-8-3 MLP the
            // quantize/dequantize nodes can cost more than they save, and a machine where the candidate is slower must
            // roll it back for latency harm. Either decision must lose no request and serve only its version afterwards.
            var decision = await WaitForStatusAsync(admin, ["promoted", "rolled_back"], DecisionLimit);
            var duringCanary = traffic.NextPhase();
            output.WriteLine($"int8 canary {decision.Status} after {decision.Elapsed.TotalSeconds:F1} s: {decision.Reason}");
            output.WriteLine($"traffic during the canary: {duringCanary}");
            var serving = decision.Status == "promoted" ? "2" : "1";
            var settled = await WaitUntilOnlyAsync(traffic, serving);
            await traffic.WaitForAsync(300, TimeSpan.FromSeconds(30));
            var afterDecision = traffic.NextPhase();
            output.WriteLine($"only version {serving} answers {settled.TotalSeconds:F1} s after the decision; then: {afterDecision}");

            Assert.Equal(0, duringCanary.FailedTotal);
            Assert.True(duringCanary.ByVersion.GetValueOrDefault("2") > 0, $"the canary served no request: {duringCanary}");
            Assert.Equal([serving], afterDecision.ByVersion.Keys);
            Assert.Equal(0, afterDecision.FailedTotal);
            if (decision.Status == "rolled_back")
            {
                Assert.StartsWith("Latency harm", decision.Reason, StringComparison.Ordinal);
            }

            // The reference is the float model; int8 may change a near-tied answer, which the gate bounded at 1 %.
            var wrong = duringCanary.WrongByVersion.GetValueOrDefault("2") + (serving == "2" ? afterDecision.WrongAnswers : 0);
            var answered = duringCanary.ByVersion["2"] + (serving == "2" ? afterDecision.Completed : 0);
            Assert.True(wrong <= answered / 50, $"{wrong} of {answered} int8 answers differ from the float reference");
        }
        finally
        {
            await traffic.StopAsync();
        }
    }

    /// <summary>
    /// Waits until a window of 50 answers came from <paramref name="version"/> alone, at least 2 s after the decision:
    /// fronts on every silo pick up a new routing table within their 1 s refresh interval, so requests routed just
    /// before that may still go to the old version. Returns how long that took.
    /// </summary>
    private static async Task<TimeSpan> WaitUntilOnlyAsync(VersionedTraffic traffic, string version)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            traffic.NextPhase();
            await traffic.WaitForAsync(50, TimeSpan.FromSeconds(30));
            var window = traffic.Current;
            // Every front activation refreshes its table within the 1 s time-to-live: past 2 s none routes by the old one.
            if (window.ByVersion.Keys.All(v => v == version) && window.FailedTotal == 0 && started.Elapsed >= TimeSpan.FromSeconds(2))
            {
                return started.Elapsed;
            }

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"other versions still answer 15 s after the decision: {window}");
        }
    }

    /// <summary>Waits until every replica of <paramref name="version"/> is healthy, on three different silos, twice in a row a second apart.</summary>
    private static async Task<TimeSpan> WaitUntilSpreadAsync(HttpClient admin, string version)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        string? previous = null;
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            var model = await admin.GetFromJsonAsync<JsonObject>("/v1/models/iris");
            var replicas = model!["versions"]!.AsArray().Where(v => v!["version"]!.GetValue<string>() == version)
                .SelectMany(v => v!["replicas"]!.AsArray()).ToList();
            var silos = replicas.Select(r => r!["silo"]?.GetValue<string>()).ToList();
            var healthy = replicas.All(r => string.Equals(r!["health"]?.ToString(), "Healthy", StringComparison.OrdinalIgnoreCase));
            var placement = string.Join(",", silos);
            if (healthy && silos.Count == 3 && silos.Distinct(StringComparer.Ordinal).Count() == 3 && placement == previous)
            {
                return started.Elapsed;
            }

            previous = healthy ? placement : null;
            await Task.Delay(1000);
        }

        throw new TimeoutException($"the replicas of version {version} did not settle on three silos within 60 s");
    }

    private static bool IsKind(JsonNode? e, string kind) =>
        string.Equals(e?["kind"]?.GetValue<string>()?.Replace("_", "", StringComparison.Ordinal), kind, StringComparison.OrdinalIgnoreCase);

    private async Task<JsonNode?> SendAsync(HttpClient admin, HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{method} {path}: {(int)response.StatusCode}");
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>Polls the release until its status is <paramref name="wanted"/>; fails at once if it ends otherwise.</summary>
    private async Task<(TimeSpan Elapsed, string Reason)> WaitForStatusAsync(HttpClient admin, string wanted, TimeSpan limit)
    {
        var (elapsed, _, reason) = await WaitForStatusAsync(admin, [wanted], limit);
        return (elapsed, reason);
    }

    /// <summary>Polls the release until its status is one of <paramref name="wanted"/>; fails when it ends otherwise.</summary>
    private async Task<(TimeSpan Elapsed, string Status, string Reason)> WaitForStatusAsync(HttpClient admin, string[] wanted, TimeSpan limit)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        string? last = null;
        while (started.Elapsed < limit)
        {
            var release = await admin.GetFromJsonAsync<JsonObject>("/v1/models/iris/experiment");
            var status = release!["status"]!.GetValue<string>();
            var reason = release["reason"]?.GetValue<string>() ?? "";
            if (status != last)
            {
                var arms = string.Join("; ", release["arms"]!.AsArray().Select(a =>
                    $"{a!["role"]} v{a["version"]}: {a["requests"]} requests, {a["errors"]} errors, geometric mean {a["geometric_mean_latency_ms"]} ms"));
                output.WriteLine($"+{started.Elapsed.TotalSeconds:F1}s release {status} at {release["candidate_percent"]}%: {reason} [{arms}]");
                last = status;
            }

            if (wanted.Contains(status))
            {
                return (started.Elapsed, status, reason);
            }

            Assert.True(release["active"]!.GetValue<bool>(), $"the release ended {status}, not {string.Join(" or ", wanted)}: {reason}");
            await Task.Delay(250);
        }

        throw new TimeoutException($"the release was still {last} after {limit.TotalSeconds:F0} s; wanted {string.Join(" or ", wanted)}");
    }
}
