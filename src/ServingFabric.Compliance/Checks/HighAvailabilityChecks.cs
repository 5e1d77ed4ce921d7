using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Models;

namespace ServingFabric.Compliance.Checks;

/// <summary>HA-1 .. HA-5: replicas, zones, load balancing, replacement, availability.</summary>
internal static class HighAvailabilityChecks
{
    private const string Area = "High availability";
    public const int MinimumReplicas = 3;
    public const double AvailabilityTarget = 0.999;

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("HA-1", Area, "Multiple replicas (min 3) of every production model", MultipleReplicas),
        new("HA-2", Area, "Replicas distributed across availability zones", AcrossZones),
        new("HA-3", Area, "Load balanced across replicas", LoadBalanced),
        new("HA-4", Area, "Failed replicas replaced automatically", FailedReplaced),
        new("HA-5", Area, "Availability of 99.9 % measured", Availability),
    ];

    internal static Verdict MultipleReplicas(EvidenceSet e)
    {
        if (!e.Fabric.Models.IsAvailable)
        {
            return Missing.Source(e.Fabric.Models, Missing.LiveFabric);
        }

        var models = e.Fabric.Models.Value.Where(m => m.Loaded).ToList();
        if (models.Count == 0)
        {
            return Verdict.NotEvidenced("the fabric serves no loaded model", "a deployed production model");
        }

        var lines = models.SelectMany(m => m.Versions.Select(v =>
            $"{m.Name} v{v.Version}: min {m.Replicas.Min}, {Ready(v)} ready of {v.Replicas.Count} (GET /v1/models/{m.Name})")).ToList();
        var tooFew = models.Where(m => m.Replicas.Min < MinimumReplicas || m.Versions.Any(v => Ready(v) < MinimumReplicas)).Select(m => m.Name).ToList();
        return Verdict.PassIf(tooFew.Count == 0,
            $"every loaded model keeps at least {MinimumReplicas} ready replicas per version",
            $"fewer than {MinimumReplicas} ready replicas or a minimum below {MinimumReplicas}: {string.Join(", ", tooFew)}", lines);
    }

    internal static Verdict AcrossZones(EvidenceSet e)
    {
        if (!e.Fabric.Models.IsAvailable)
        {
            return Missing.Source(e.Fabric.Models, Missing.LiveFabric);
        }

        var lines = new List<string>();
        var narrow = new List<string>();
        foreach (var model in e.Fabric.Models.Value.Where(m => m.Loaded))
        {
            foreach (var version in model.Versions)
            {
                var zones = version.Replicas.Where(IsReady).Select(r => r.Zone ?? "unknown").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                lines.Add($"{model.Name} v{version.Version}: ready replicas in zones [{string.Join(", ", zones)}]");
                if (zones.Count < 2)
                {
                    narrow.Add($"{model.Name} v{version.Version}");
                }
            }
        }

        if (lines.Count == 0)
        {
            return Verdict.NotEvidenced("no placed model version", "a deployed model with replicas");
        }

        lines.AddRange(ZoneSpreadInManifests(e.Deployment));
        return Verdict.PassIf(narrow.Count == 0, "every version's ready replicas span at least two zones",
            $"ready replicas in a single zone: {string.Join(", ", narrow)} (one zone outage takes them all)", lines);
    }

    internal static Verdict LoadBalanced(EvidenceSet e)
    {
        if (e.Prometheus.BatchesByInstance.Value is { Count: > 0 } batches && batches.Values.Sum() > 0)
        {
            return Spread(batches, "batches run in 15 min (Prometheus)", "silos");
        }

        if (!e.Drills.Load.IsAvailable)
        {
            return Missing.Source(e.Drills.Load, "the load drill (--drills load), which samples each replica's work while it runs");
        }

        var busy = e.Drills.Load.Value.ReplicaBusySamples;
        if (busy.Values.Sum() == 0)
        {
            return Verdict.NotEvidenced("no replica was seen busy during the load drill (the operator view shows in-flight work as last probed, about once a second)",
                "a heavier or longer load drill (--load-rate, --load-seconds), or --prometheus with the silos' batch counts",
                busy.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}: never seen busy"));
        }

        return Spread(busy.ToDictionary(b => b.Key, b => (double)b.Value), "samples of the operator view seen busy during the load drill", "replicas");
    }

    private static Verdict Spread(IReadOnlyDictionary<string, double> work, string measure, string what)
    {
        var lines = work.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}: {b.Value:0.#} {measure}").ToList();
        var share = work.Values.Max() / work.Values.Sum();
        var used = work.Count(b => b.Value > 0);
        return Verdict.PassIf(used >= 2 && share <= 0.8,
            $"work spread over {used} {what} (largest share {share:P0})",
            used < 2 ? $"only one of {work.Count} {what} did the work" : $"one of the {what} took {share:P0} of the work", lines);
    }

    internal static Verdict FailedReplaced(EvidenceSet e)
    {
        var lines = new List<string>();
        if (e.Drills.Failover.Value is { } drill)
        {
            lines.Add($"failover drill on {drill.Model}: {drill.Fault}; ready {drill.ReadyBefore} before, lowest {drill.LowestReady}, " +
                (drill.Recovered ? $"all ready again after {drill.RecoverySeconds:0.0} s" : "not recovered within the bound") +
                $"; events: {string.Join(", ", drill.Events)}");
            return Verdict.PassIf(drill.Recovered, $"the failover drill's replicas were replaced in {drill.RecoverySeconds:0.0} s",
                "the failover drill's replicas were not all ready again within its bound", lines);
        }

        if (!e.Fabric.Events.IsAvailable)
        {
            return Missing.Source(e.Fabric.Events, Missing.LiveFabric);
        }

        var events = e.Fabric.Events.Value;
        var lost = events.Where(x => x.Kind == "ReplicaLost").ToList();
        if (lost.Count == 0)
        {
            return Verdict.NotEvidenced("the event log holds no ReplicaLost and no failover drill ran",
                "the failover drill (--drills failover --failover-command '...') or a real replica loss in the event log", [e.Drills.Failover.Missing ?? ""]);
        }

        var unreplaced = lost.Where(l => !events.Any(r => r.Kind == "ReplicaReplaced" && r.Model == l.Model && r.Replica == l.Replica && r.Sequence > l.Sequence)).ToList();
        lines.AddRange(lost.Select(l => $"{l.Timestamp:u} ReplicaLost {l.Replica} on {l.Silo}" +
            (unreplaced.Contains(l) ? " — no later ReplicaReplaced" : " — replaced")));
        return Verdict.PassIf(unreplaced.Count == 0, $"all {lost.Count} lost replicas were replaced (ReplicaLost → ReplicaReplaced)",
            $"{unreplaced.Count} of {lost.Count} lost replicas have no ReplicaReplaced", lines);
    }

    internal static Verdict Availability(EvidenceSet e)
    {
        if (!e.Fabric.Models.IsAvailable)
        {
            return Missing.Source(e.Fabric.Models, Missing.LiveFabric);
        }

        var lines = new List<string>();
        var below = new List<string>();
        foreach (var model in e.Fabric.Models.Value.Where(m => m.Loaded))
        {
            var availability = model.ProbeAvailability is { } probe && Longest(probe) is not null && Longest(model.Availability) is null ? probe : model.Availability;
            if (availability is null || Longest(availability) is not { } window)
            {
                lines.Add($"{model.Name}: no valid requests measured");
                continue;
            }

            lines.Add($"{model.Name}: SLI {window.Sli:P3} over {window.Window} ({window.Good} good of {window.Valid}), objective {availability.Objective:P1}, error budget left {window.ErrorBudgetRemaining:P0}");
            if (window.Sli < AvailabilityTarget || availability.Objective < AvailabilityTarget)
            {
                below.Add(model.Name);
            }
        }

        if (lines.All(l => l.EndsWith("no valid requests measured", StringComparison.Ordinal)))
        {
            return Verdict.NotEvidenced("no model has measured requests yet", "traffic or synthetic probes (config.json probe), or the load drill", lines);
        }

        return Verdict.PassIf(below.Count == 0, $"measured availability meets {AvailabilityTarget:P1} on every model with traffic",
            $"availability or its objective below {AvailabilityTarget:P1}: {string.Join(", ", below)}", lines);
    }

    internal static int Ready(VersionReplicas version) => version.Replicas.Count(IsReady);

    internal static bool IsReady(ReplicaResponse replica) => replica.State == "ready" && replica.Health is "healthy" or "unknown" or "warming";

    private static AvailabilityWindowResponse? Longest(AvailabilityResponse? availability) =>
        availability?.Windows.LastOrDefault(w => w.Valid > 0 && w.Sli is not null);

    private static IEnumerable<string> ZoneSpreadInManifests(DeploymentEvidence deployment) =>
        deployment.Manifests.Value?.Where(m => m.IsWorkload)
            .Select(m => m.Root.ItemsAt("spec", "template", "spec", "topologySpreadConstraints")
                .Any(c => c.TextAt("topologyKey") == "topology.kubernetes.io/zone")
                ? $"{m}: topologySpreadConstraints over topology.kubernetes.io/zone"
                : $"{m}: no zone topology spread constraint") ?? [];
}
