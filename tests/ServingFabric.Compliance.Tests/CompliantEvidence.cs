using ServingFabric.Compliance.Collection;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Scaling;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Contracts.Traffic;

namespace ServingFabric.Compliance.Tests;

/// <summary>
/// The evidence of a compliant production fabric, as its gateway and deploy folder would give it: three replicas of
/// iris in three zones, a promoted canary, a decided A/B test, probes, limits, policies, TLS, rotated secrets,
/// metrics, dashboards and alerts. Tests break one piece at a time.
/// </summary>
internal static class CompliantEvidence
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);

    public static EvidenceSet Create() => new(Fabric(), Deployment(CannedManifests.All), PrometheusEvidence.NotGiven, Drills()) { GatheredAt = Now };

    public static ModelResponse Iris(int min = 3, int max = 6, string[]? zones = null, double sli = 0.9995, IReadOnlyList<ScalingDecisionResponse>? decisions = null)
    {
        zones ??= ["zone-a", "zone-b", "zone-c"];
        var replicas = zones.Select((zone, i) => new ReplicaResponse($"iris/2/{i}", $"silo-{i}", zone, zone, "ready", "healthy", 0, 0, null, Now, Now)).ToList();
        var availability = new AvailabilityResponse(0.999, 1000, [
            new("5m", 1000, 1000, 1, 1), new("1h", 10000, 9999, 0.9999, 0.9), new("1d", 50000, 49990, 0.9998, 0.8), new("30d", 100000, (long)(sli * 100000), sli, 0.5)]);
        var scaling = new ScalingResponse(null, new ScalingSettingsResponse(min, max, 8, 4, 250, 80, 85, 300, 0, 16, 256, 5),
            new Dictionary<string, int> { ["2"] = zones.Length }, new Dictionary<string, int> { ["2"] = zones.Length },
            decisions ?? [new(Now.AddHours(-2), "2", 2, 3, "in flight 12 per replica over target 8", new Dictionary<string, double?> { ["in_flight"] = 12 }),
                new(Now.AddHours(-1), "2", 4, 3, "in flight 2 per replica under target 8 for 300 s", new Dictionary<string, double?> { ["in_flight"] = 2 })]);
        return new ModelResponse("iris", true, 7, "2", new ReplicaCounts(min, max, zones.Length), [new VersionReplicas("2", replicas, availability)], [], null,
            new TrafficResponse([], null, [], null), null, scaling, availability);
    }

    public static ExperimentResponse Canary(IReadOnlyList<double>? steps = null, bool withTests = true) => new(
        "iris", "rel-7", ReleaseKind.Canary, "promoted", false, "1", "2", 100, "promote", "non-inferior on errors and latency", 3, steps ?? [5, 25, 50, 100],
        Now.AddDays(-3), Now.AddDays(-2), Arms(), withTests ? [new("errors (count test)", 0.0001, null, null, 0.6, 0.05, false), new("latency (mSPRT on log-latency)", 0.01, -0.02, 0.03, 0.5, 0.05, false)] : [],
        [new(Now.AddDays(-3), "started", 5, "operator"), new(Now.AddDays(-2), "promoted", 100, "all steps non-inferior")]);

    public static ExperimentResponse AbTest(bool promoted = true, bool significant = true, bool withTests = true) => new(
        "ranker", "rel-3", ReleaseKind.AbTest, promoted ? "promoted" : "running", !promoted, "1", "2", 50, promoted ? "promote" : "continue", "reward higher", 0, [50],
        Now.AddDays(-5), Now.AddDays(-5), Arms(), withTests ? [new("reward", 0.04, 0.01, 0.07, significant ? 0.001 : 0.4, 0.05, significant)] : [], []);

    public static EventResponse Event(string kind, long sequence, string? replica = null, string message = "", string? actor = null, string model = "iris") =>
        new(model, sequence, Now.AddMinutes(-100 + sequence), kind, replica, replica is null ? null : "silo-0", replica is null ? null : "zone-a", message, actor);

    public const string OptimizedMessage = "optimized from version 1: quantize dynamic (MatMul, Gemm); top-1 agreement 99.33%, min cosine 0.9990 on 150 samples; report inbox/iris-2.optimization.md";

    public const string Metrics = """
        # TYPE servingfabric_silo_cpu_utilization gauge
        servingfabric_silo_cpu_utilization{silo="silo-0"} 0.31
        servingfabric_silo_memory_utilization{silo="silo-0"} 0.42
        servingfabric_silo_memory_working_set_bytes{silo="silo-0"} 901234567
        servingfabric_inference_requests_total{model="iris",version="2",outcome="ok"} 99950
        servingfabric_inference_requests_total{model="iris",version="2",outcome="error"} 50
        servingfabric_inference_duration_seconds_bucket{model="iris",version="2",le="0.01"} 99000
        servingfabric_batch_size_count{model="iris",version="2"} 40000
        servingfabric_batch_size_sum{model="iris",version="2"} 100000
        servingfabric_cache_requests_total{model="iris",result="hit"} 1200
        """;

    public static FabricEvidence Fabric() => new(
        new Uri("https://fabric.example:8443/"),
        Sourced.Read("GET /v2/health/live", new HttpObservation("GET /v2/health/live", 200, """{"live":true}""")),
        Sourced.Read("GET /v2/health/ready", new HttpObservation("GET /v2/health/ready", 200, """{"ready":true}""")),
        Sourced.Read<IReadOnlyList<ModelResponse>>("GET /v1/models/{name}", [Iris()]),
        Sourced.Read<IReadOnlyDictionary<string, ModelMetadata>>("GET /v2/models/{name}", new Dictionary<string, ModelMetadata>
        {
            ["iris"] = new("iris", "onnxruntime_onnx", ["1", "2"], [new("input", "FP32", [-1, 4])]),
        }),
        Sourced.Read<IReadOnlyDictionary<string, ExperimentResponse>>("GET /v1/models/{name}/experiment", new Dictionary<string, ExperimentResponse>
        {
            ["iris"] = Canary(),
            ["ranker"] = AbTest(),
        }),
        Sourced.Read<IReadOnlyList<EventResponse>>("GET /v1/events", [
            Event("VersionRegistered", 1, message: OptimizedMessage, actor: "key:release-bot"),
            Event("ReleaseStarted", 2, actor: "key:release-bot"),
            Event("ReleaseAdvanced", 3, message: "5 → 25 %", actor: "fabric"),
            Event("ReleasePromoted", 4, message: "promoted 2", actor: "fabric"),
            Event("ReplicaLost", 5, "iris/2/1", "silo-1 declared dead"),
            Event("ReplicaUnhealthy", 6, "iris/2/1", "probe timed out"),
            Event("ReplicaReplaced", 7, "iris/2/1", "re-activated on silo-3"),
            Event("ReplicasScaled", 8, message: "2 → 3 replicas", actor: "fabric"),
            Event("ReleaseRolledBack", 9, message: "errors harm test rejected", actor: "fabric", model: "ranker"),
        ]),
        Sourced.Read("GET /v1/secrets", new SecretStatusResponse("silo-0", [
            new("kv://servingfabric/storage", "keyvault", "storage", "v7", Now.AddDays(-10), Now.AddDays(-10), Now.AddMinutes(-1), Now.AddMinutes(4), null)])),
        Sourced.Read("GET /v1/audit/secrets", new SecretAuditResponse("silo-0", 5, [
            new(Now.AddMinutes(-1), "silo-0", "kv://servingfabric/storage", "v7", "keyvault", "storage", "refresh", "unchanged")])),
        Sourced.Read("GET /metrics", MetricsSnapshot.Parse(Metrics)),
        Sourced.Read<IReadOnlyList<HttpObservation>>("calls without credentials", [
            new("GET /v1/models/iris", 401, """{"error":"authentication required"}"""),
            new("POST /v2/models/iris/infer", 401, """{"error":"authentication required"}"""),
            new("GET /v1/secrets", 401, ""), new("GET /metrics", 401, "")]),
        Sourced.Read("TLS handshake", new TlsObservation("Tls13", "CN=fabric.example", Now.AddDays(200), "None")));

    public static DeploymentEvidence Deployment(string manifests, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rendered/production.yaml"] = manifests,
            ["terraform/keyvault.tf"] = """resource "azurerm_key_vault_secret" "storage" { name = "storage" value = var.storage_connection_string }""",
        };
        foreach (var (name, text) in extraFiles ?? new Dictionary<string, string>())
        {
            files[name] = text;
        }

        return new DeploymentEvidence(
            Sourced.Read<IReadOnlyList<ManifestDocument>>("kubectl kustomize", [.. DeploymentEvidenceReader.Documents("rendered/production.yaml", manifests)]),
            Sourced.Read<IReadOnlyList<AlertRule>>("alert rules", [new("ServingFabricErrorBudgetFastBurn", "servingfabric_sli_error_ratio > 14.4 * 0.001", "monitoring/rules/servingfabric.rules.yml")]),
            Sourced.Read<IReadOnlyList<DashboardFile>>("dashboards", [new("monitoring/dashboards/overview.json", "ServingFabric overview", 12)]),
            Sourced.Read<IReadOnlyDictionary<string, string>>("terraform", new Dictionary<string, string> { ["terraform/keyvault.tf"] = files["terraform/keyvault.tf"] }),
            files) { ManifestOrigin = "canned render" };
    }

    public static DrillEvidence Drills() => DrillEvidence.NoneRun with
    {
        Load = Sourced.Read("load drill", new LoadDrillResult("iris", 20, 10, 200, 200, 0, 0, 2.1, 3.4, 8.9, 1000, 200,
            [new(0.05, 2.1, true), new(0.1, 3.0, true)], new Dictionary<string, int> { ["iris/2/0"] = 10, ["iris/2/1"] = 9, ["iris/2/2"] = 11 }, null)),
    };

    private static IReadOnlyList<ArmResponse> Arms() =>
        [new("control", "1", 50, 5000, 2, 0.0004, 10, 3.1, 0, null), new("candidate", "2", 50, 5000, 1, 0.0002, 8, 3.0, 0, null)];
}
