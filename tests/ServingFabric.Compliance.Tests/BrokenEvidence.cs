using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Releases;

namespace ServingFabric.Compliance.Tests;

/// <summary>For each check that can fail, the compliant evidence with exactly the defect that check must catch.</summary>
internal static class BrokenEvidence
{
    private static readonly string NoProbes = CannedManifests.All.Replace("""
                  livenessProbe:
                    httpGet: {path: /v2/health/live, port: http}
                    periodSeconds: 10
        """, "");

    public static readonly IReadOnlyDictionary<string, Func<EvidenceSet, EvidenceSet>> ByCheck = new Dictionary<string, Func<EvidenceSet, EvidenceSet>>
    {
        ["HA-1"] = e => WithModel(e, CompliantEvidence.Iris(min: 1, zones: ["zone-a"])),
        ["HA-2"] = e => WithModel(e, CompliantEvidence.Iris(zones: ["zone-a", "zone-a", "zone-a"])),
        ["HA-3"] = e => e with { Drills = e.Drills with { Load = Sourced.Read("load drill", e.Drills.Load.Value! with { ReplicaBusySamples = new Dictionary<string, int> { ["iris/2/0"] = 30, ["iris/2/1"] = 0, ["iris/2/2"] = 0 } }) } },
        ["HA-4"] = e => WithEvents(e, [CompliantEvidence.Event("ReplicaLost", 5, "iris/2/1", "silo-1 declared dead")]),
        ["HA-5"] = e => WithModel(e, CompliantEvidence.Iris(sli: 0.99)),
        ["HEALTH-1"] = e => e with { Deployment = CompliantEvidence.Deployment(NoProbes) },
        ["HEALTH-2"] = e => e with { Fabric = e.Fabric with { Readiness = Sourced.Read("GET /v2/health/ready", new HttpObservation("GET /v2/health/ready", 503, """{"error":"server not ready"}""")) } },
        ["HEALTH-3"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace(CannedManifests.Service, CannedManifests.DefaultDeny)) },
        ["HEALTH-5"] = e => WithModel(e, WithHealth(CompliantEvidence.Iris(), "iris/2/0", "unhealthy")),
        ["HEALTH-4"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace("      containers:", "      restartPolicy: Never\n      containers:")) },
        ["SCALE-1"] = e => WithModel(e, CompliantEvidence.Iris() with { Scaling = null }) with
        {
            Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace("    - type: Resource\n      resource: {name: memory}\n", "").Replace("    - type: Pods\n      pods:\n        metric: {name: servingfabric_replica_in_flight}\n", "")),
        },
        ["SCALE-4"] = e => WithModel(e, CompliantEvidence.Iris(max: 2)),
        ["SCALE-5"] = e => WithEvents(e, [.. e.Fabric.Events.Value!.Where(x => x.Kind != "ReplicasScaled")]),
        ["GPU-1"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace("requests: {cpu: \"1\", memory: 2Gi}", "requests: {cpu: \"1\", memory: 2Gi, nvidia.com/gpu: 1}")) },
        ["GPU-3"] = e => WithEvents(OnGpus(e), [.. e.Fabric.Events.Value!, CompliantEvidence.Event("GpuFailed", 10, "iris/2/0", GpuFailure)]),
        ["CANARY-1"] = e => WithReleases(e, CompliantEvidence.Canary(steps: [50, 100])),
        ["CANARY-2"] = e => WithReleases(e, CompliantEvidence.Canary(withTests: false)),
        ["CANARY-4"] = e => WithReleases(e, CompliantEvidence.Canary() with
        {
            Tests = [new("errors (count test)", 0.9, null, null, 0.0004, 0.05, true), new("latency (mSPRT on log-latency)", 0.01, -0.02, 0.03, 0.5, 0.05, false)],
        }, CompliantEvidence.AbTest()),
        ["CANARY-5"] = e => WithEvents(e, [.. e.Fabric.Events.Value!.Select(x => x.Kind is "ReleaseAdvanced" or "ReleasePromoted" or "ReleaseRolledBack" ? x with { Actor = "key:alice" } : x)]),
        ["AB-1"] = e => WithReleases(e, CompliantEvidence.Canary(), CompliantEvidence.AbTest() with { Steps = [100] }),
        ["AB-2"] = e => WithReleases(e, CompliantEvidence.Canary(), CompliantEvidence.AbTest(withTests: false)),
        ["AB-4"] = e => WithReleases(e, CompliantEvidence.Canary(), CompliantEvidence.AbTest(significant: false)),
        ["OPT-2"] = e => e with { Fabric = e.Fabric with { ModelMetadata = Sourced.Read<IReadOnlyDictionary<string, ModelMetadata>>("GET /v2/models/{name}", new Dictionary<string, ModelMetadata> { ["iris"] = new("iris", "pytorch_libtorch", ["1"], []) }) } },
        ["OPT-4"] = e => WithMetrics(e, CompliantEvidence.Metrics.Replace("servingfabric_cache_requests_total{model=\"iris\",result=\"hit\"} 1200", "")),
        ["OPT-5"] = e => WithEvents(e, [CompliantEvidence.Event("VersionRegistered", 1, message: "optimized from version 1: quantize dynamic", actor: "key:bot")]),
        ["RES-1"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace("limits: {cpu: \"2\", memory: 2Gi}", "")) },
        ["RES-2"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace("requests: {cpu: \"1\", memory: 2Gi}", "requests: {cpu: \"1\", memory: 2Gi, nvidia.com/gpu: 1}")) },
        ["RES-3"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace("limits: {cpu: \"2\", memory: 2Gi}", "limits: {cpu: \"8\", memory: 2Gi}")) },
        ["RES-4"] = e => WithMetrics(e, CompliantEvidence.Metrics.Replace("servingfabric_silo_memory_utilization{silo=\"silo-0\"} 0.42", "")),
        ["SEC-1"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace(CannedManifests.DefaultDeny, CannedManifests.Service)) },
        ["SEC-2"] = e => e with { Fabric = e.Fabric with { AnonymousAccess = Sourced.Read<IReadOnlyList<HttpObservation>>("calls without credentials", [new("GET /v1/models/iris", 200, "{}"), new("POST /v2/models/iris/infer", 400, "")]) } },
        ["SEC-3"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace(
            "  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress}}\n      ports:\n        - port: 8080", "  ingress:\n    - {}")) },
        ["SEC-4"] = e => e with { Fabric = e.Fabric with { Url = new Uri("http://fabric.example:8080/") } },
        ["SECRET-1"] = e => e with
        {
            Fabric = e.Fabric with { Secrets = Sourced.Read("GET /v1/secrets", new Contracts.Security.Secrets.SecretStatusResponse("silo-0", [])) },
            Deployment = CompliantEvidence.Deployment(CannedManifests.All.Replace("          secret:\n            secretName: servingfabric-storage", "          emptyDir: {}")),
        },
        ["SECRET-2"] = e => e with { Deployment = CompliantEvidence.Deployment(CannedManifests.All, new Dictionary<string, string> { ["kubernetes/storage.env"] = "ConnectionString=DefaultEndpointsProtocol=https;AccountName=sf;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0" }) },
        ["SECRET-3"] = e => e with { Fabric = e.Fabric with { Secrets = Sourced.Read("GET /v1/secrets", new Contracts.Security.Secrets.SecretStatusResponse("silo-0", [
            new("kv://servingfabric/storage", "keyvault", "storage", "v1", CompliantEvidence.Now.AddDays(-200), null, CompliantEvidence.Now, CompliantEvidence.Now, null)])) } },
        ["SECRET-4"] = e => e with { Fabric = e.Fabric with { SecretAudit = Sourced.Read("GET /v1/audit/secrets", new Contracts.Security.Secrets.SecretAuditResponse("silo-0", 0, [])) } },
        ["MON-1"] = e => WithMetrics(e, CompliantEvidence.Metrics.Replace("servingfabric_silo_memory_utilization{silo=\"silo-0\"} 0.42", "")),
        ["MON-2"] = e => WithMetrics(e, CompliantEvidence.Metrics.Replace("servingfabric_inference_duration_seconds_bucket{model=\"iris\",version=\"2\",le=\"0.01\"} 99000", "")),
        ["MON-3"] = e => WithMetrics(e, CompliantEvidence.Metrics.Replace(",outcome=\"ok\"", "").Replace(",outcome=\"error\"", "")),
        ["MON-4"] = e => e with { Deployment = e.Deployment with { Dashboards = Sourced.Read<IReadOnlyList<DashboardFile>>("dashboards", []) } },
        ["MON-5"] = e => e with { Deployment = e.Deployment with { AlertRules = Sourced.Read<IReadOnlyList<AlertRule>>("alert rules", []) } },
    };

    private static ModelResponse WithHealth(ModelResponse model, string replica, string health) => model with
    {
        Versions = [.. model.Versions.Select(v => v with { Replicas = [.. v.Replicas.Select(r => r.Key == replica ? r with { Health = health, Error = "probe timed out" } : r)] })],
    };

    private static EvidenceSet WithModel(EvidenceSet e, ModelResponse model) =>
        e with { Fabric = e.Fabric with { Models = Sourced.Read<IReadOnlyList<ModelResponse>>("GET /v1/models/{name}", [model]) } };

    public const string GpuFailure = "gpu 0 (GPU-5b1d) on silo silo-0: CUDA failure 700: an illegal memory access was encountered";

    /// <summary>The compliant evidence on GPU nodes: every silo container asks for (and is limited to) one GPU.</summary>
    public static EvidenceSet OnGpus(EvidenceSet e) => e with
    {
        Deployment = CompliantEvidence.Deployment(CannedManifests.All
            .Replace("requests: {cpu: \"1\", memory: 2Gi}", "requests: {cpu: \"1\", memory: 2Gi, nvidia.com/gpu: 1}")
            .Replace("limits: {cpu: \"2\", memory: 2Gi}", "limits: {cpu: \"2\", memory: 2Gi, nvidia.com/gpu: 1}")),
    };

    private static EvidenceSet WithEvents(EvidenceSet e, IReadOnlyList<EventResponse> events) =>
        e with { Fabric = e.Fabric with { Events = Sourced.Read("GET /v1/events", events) } };

    private static EvidenceSet WithMetrics(EvidenceSet e, string metrics) =>
        e with { Fabric = e.Fabric with { Metrics = Sourced.Read("GET /metrics", MetricsSnapshot.Parse(metrics)) } };

    private static EvidenceSet WithReleases(EvidenceSet e, params ExperimentResponse[] releases) =>
        e with { Fabric = e.Fabric with { Releases = Sourced.Read<IReadOnlyDictionary<string, ExperimentResponse>>("GET /v1/models/{name}/experiment", releases.ToDictionary(r => r.Model)) } };
}
