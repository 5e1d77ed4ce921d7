using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Checks;

/// <summary>HEALTH-1 .. HEALTH-5: probes configured and answering, unhealthy replicas removed, restarted and logged.</summary>
internal static class HealthChecks
{
    private const string Area = "Health checks";

    private static readonly string[] HealthEventKinds = ["ReplicaUnhealthy", "ReplicaEjected", "ReplicaLost", "ReplicaRecovered"];
    private static readonly string[] FailingHealth = ["unhealthy", "ejected", "lost", "unreachable"];

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("HEALTH-1", Area, "Liveness probes configured and answering", e => Probe(e, "livenessProbe", e.Fabric.Liveness)),
        new("HEALTH-2", Area, "Readiness probes configured and answering", e => Probe(e, "readinessProbe", e.Fabric.Readiness)),
        new("HEALTH-3", Area, "Unhealthy instances removed from load balancing", RemovedFromBalancing),
        new("HEALTH-4", Area, "Unhealthy instances restarted automatically", Restarted),
        new("HEALTH-5", Area, "Health-check failures logged", FailuresLogged),
    ];

    internal static Verdict Probe(EvidenceSet e, string probeName, Sourced<HttpObservation> live)
    {
        if (!e.Deployment.Manifests.IsAvailable)
        {
            return Missing.Source(e.Deployment.Manifests, Missing.Manifests);
        }

        var probes = ManifestProbes.Of(e.Deployment.Manifests.Value, probeName).ToList();
        if (probes.Count == 0)
        {
            return Verdict.Fail("the manifests define no workload container", [e.Deployment.ManifestOrigin]);
        }

        var lines = probes.Select(p => $"{p.Workload} container {p.Container}: {probeName} {ManifestProbes.Describe(p.Probe)}").ToList();
        var without = probes.Where(p => p.Probe is null).Select(p => $"{p.Workload.Name}/{p.Container}").ToList();
        if (without.Count > 0)
        {
            return Verdict.Fail($"containers without a {probeName}: {string.Join(", ", without)}", lines);
        }

        if (!live.IsAvailable)
        {
            return Missing.Source(live, $"the probe endpoint answering on a reachable gateway (--url); configured: {string.Join("; ", lines)}");
        }

        lines.Add($"{live.Value.Request} → {live.Value.Status} {live.Value.Body}");
        return Verdict.PassIf(live.Value.Status == 200, $"{probeName} on every container, and {live.Value.Request} answers 200",
            $"{live.Value.Request} answers {live.Value.Status}", lines);
    }

    internal static Verdict RemovedFromBalancing(EvidenceSet e)
    {
        if (!e.Deployment.Manifests.IsAvailable)
        {
            return Missing.Source(e.Deployment.Manifests, Missing.Manifests);
        }

        var manifests = e.Deployment.Manifests.Value;
        var services = manifests.Where(m => m.Kind == "Service").Select(m => m.ToString()).ToList();
        var probes = ManifestProbes.Of(manifests, "readinessProbe").ToList();
        var lines = services.Select(s => $"{s}: routes only to ready pods").Concat(probes.Select(p => $"{p.Workload} {p.Container}: readinessProbe {ManifestProbes.Describe(p.Probe)}")).ToList();
        if (e.Fabric.Models.Value is { } models)
        {
            lines.AddRange(models.SelectMany(m => m.Versions.SelectMany(v => v.Replicas))
                .Where(r => r.Health is "ejected" or "unhealthy" or "unreachable")
                .Select(r => $"{r.Key}: {r.Health} — fronts stop choosing it (operator view)"));
        }

        return Verdict.PassIf(services.Count > 0 && probes.Count > 0 && probes.All(p => p.Probe is not null),
            "a Service fronts the pods and every container has a readiness probe, so unready pods leave its endpoints; fronts eject unhealthy replicas",
            services.Count == 0 ? "no Service in the manifests" : "a container has no readiness probe: an unhealthy pod would keep receiving traffic", lines);
    }

    internal static Verdict Restarted(EvidenceSet e)
    {
        if (!e.Deployment.Manifests.IsAvailable)
        {
            return Missing.Source(e.Deployment.Manifests, Missing.Manifests);
        }

        var workloads = e.Deployment.Manifests.Value.Where(m => m.IsWorkload).ToList();
        var lines = ManifestProbes.Of(workloads, "livenessProbe").Select(p => $"{p.Workload} {p.Container}: livenessProbe {ManifestProbes.Describe(p.Probe)}, restartPolicy {p.Workload.Root.TextAt("spec", "template", "spec", "restartPolicy") ?? "Always"}").ToList();
        var never = workloads.Where(w => w.Root.TextAt("spec", "template", "spec", "restartPolicy") == "Never").ToList();
        var unprobed = ManifestProbes.Of(workloads, "livenessProbe").Where(p => p.Probe is null).ToList();
        return Verdict.PassIf(workloads.Count > 0 && never.Count == 0 && unprobed.Count == 0,
            "the kubelet restarts a container whose liveness probe fails (restartPolicy Always)",
            workloads.Count == 0 ? "no workload in the manifests" : "a workload never restarts or has no liveness probe", lines);
    }

    internal static Verdict FailuresLogged(EvidenceSet e)
    {
        if (!e.Fabric.Events.IsAvailable)
        {
            return Missing.Source(e.Fabric.Events, Missing.LiveFabric);
        }

        var health = e.Fabric.Events.Value.Where(x => HealthEventKinds.Contains(x.Kind)).ToList();
        var metric = e.Fabric.Metrics.Value?.Has("servingfabric_model_events_total") == true;
        var lines = health.TakeLast(10).Select(x => $"{x.Timestamp:u} {x.Kind} {x.Replica}: {x.Message}").ToList();
        lines.Add(metric ? "servingfabric_model_events_total exported at /metrics" : "servingfabric_model_events_total not seen at /metrics");

        // A replica the operator view shows failing must have its failure in the log.
        var logged = health.Select(x => x.Replica).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var failing = (e.Fabric.Models.Value ?? []).SelectMany(m => m.Versions.SelectMany(v => v.Replicas))
            .Where(r => FailingHealth.Contains(r.Health) && !logged.Contains(r.Key)).ToList();
        if (failing.Count > 0)
        {
            return Verdict.Fail($"replicas failing their health checks with no health event in the log: {string.Join(", ", failing.Select(r => $"{r.Key} ({r.Health})"))}",
                [.. failing.Select(r => $"{r.Key} on {r.Silo}: {r.Health}{(r.Error is null ? "" : $" ({r.Error})")}"), .. lines]);
        }

        return health.Count > 0
            ? Verdict.Pass($"{health.Count} health events in the event log ({string.Join(", ", health.Select(h => h.Kind).Distinct())})", lines)
            : Verdict.NotEvidenced("no health-check failure has happened, so none is logged yet",
                "the failover drill (--drills failover), whose ReplicaLost/ReplicaUnhealthy events show the logging", lines);
    }
}
