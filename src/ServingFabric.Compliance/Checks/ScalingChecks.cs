using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts.Scaling;

namespace ServingFabric.Compliance.Checks;

/// <summary>SCALE-1 .. SCALE-5: scaling signals, scale-up and scale-down, bounds, and the scaling log.</summary>
internal static class ScalingChecks
{
    private const string Area = "Auto-scaling";
    private static readonly string[] Required = ["cpu", "memory", "custom"];

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("SCALE-1", Area, "Scaling on CPU, memory and custom metrics", Signals),
        new("SCALE-2", Area, "Scale-up when load exceeds thresholds", e => Direction(e, up: true)),
        new("SCALE-3", Area, "Scale-down when load falls below thresholds", e => Direction(e, up: false)),
        new("SCALE-4", Area, "Minimum and maximum replicas enforced", Bounds),
        new("SCALE-5", Area, "Scaling events logged", EventsLogged),
    ];

    internal static Verdict Signals(EvidenceSet e)
    {
        var lines = new List<string>();
        var signals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hpa in e.Deployment.Manifests.Value?.Where(m => m.Kind == "HorizontalPodAutoscaler") ?? [])
        {
            foreach (var metric in hpa.Root.ItemsAt("spec", "metrics"))
            {
                var type = metric.TextAt("type");
                var name = type == "Resource" ? metric.TextAt("resource", "name") : metric.TextAt(type is null ? "" : char.ToLowerInvariant(type[0]) + type[1..], "metric", "name");
                signals.Add(type == "Resource" ? name ?? "?" : "custom");
                lines.Add($"{hpa}: {type} {name}");
            }
        }

        foreach (var scaled in e.Deployment.Manifests.Value?.Where(m => m.Kind == "ScaledObject") ?? [])
        {
            foreach (var trigger in scaled.Root.ItemsAt("spec", "triggers"))
            {
                var type = trigger.TextAt("type") ?? "?";
                signals.Add(type is "cpu" or "memory" ? type : "custom");
                lines.Add($"{scaled}: trigger {type}");
            }
        }

        foreach (var model in e.Fabric.Models.Value ?? [])
        {
            if (model.Scaling?.Settings is { } s)
            {
                lines.Add($"{model.Name} (fabric autoscaler): in-flight target {s.TargetInFlightPerReplica}, queue target {s.TargetQueueDepthPerReplica}, p95 target {s.TargetP95LatencyMs} ms, CPU {s.MaxCpuPercent} %, memory {s.MaxMemoryPercent} %");
                AddFabricSignals(s, signals);
            }
        }

        if (lines.Count == 0)
        {
            return Verdict.NotEvidenced("neither manifests nor the live fabric were readable", $"{Missing.Manifests}, or {Missing.LiveFabric}");
        }

        var missing = Required.Where(s => !signals.Contains(s)).ToList();
        return Verdict.PassIf(missing.Count == 0, "scaling follows CPU, memory and custom (in-flight, queue, latency) metrics",
            $"no scaling on {string.Join(", ", missing)}", lines);
    }

    internal static Verdict Direction(EvidenceSet e, bool up)
    {
        var word = up ? "up" : "down";
        var lines = new List<string>();
        if (e.Drills.Scale.Value is { } drill)
        {
            var seen = up ? drill.ScaleUps : drill.ScaleDowns;
            lines.Add($"scale drill on {drill.Model} at {string.Join(" → ", drill.Steps)} req/s: {seen.Count} scale-{word} decisions");
            lines.AddRange(seen);
        }

        if (!e.Fabric.Models.IsAvailable && lines.Count == 0)
        {
            return Missing.Source(e.Fabric.Models, Missing.LiveFabric);
        }

        var decisions = (e.Fabric.Models.Value ?? []).SelectMany(m => (m.Scaling?.RecentDecisions ?? []).Select(d => (m.Name, d)))
            .Where(x => up ? x.d.To > x.d.From : x.d.To < x.d.From).ToList();
        lines.AddRange(decisions.Select(x => $"{x.d.At:u} {x.Name} v{x.d.Version}: {x.d.From} → {x.d.To} ({x.d.Reason})"));
        var drillSaw = e.Drills.Scale.Value is { } d2 && (up ? d2.ScaleUps : d2.ScaleDowns).Count > 0;
        return decisions.Count > 0 || drillSaw
            ? Verdict.Pass($"the autoscaler scaled {word} on its thresholds ({decisions.Count} recent decisions)", lines)
            : Verdict.NotEvidenced($"no scale-{word} decision recorded", $"the scale drill (--drills scale) or recorded scale-{word} decisions", lines);
    }

    internal static Verdict Bounds(EvidenceSet e)
    {
        if (!e.Fabric.Models.IsAvailable)
        {
            return Missing.Source(e.Fabric.Models, Missing.LiveFabric);
        }

        var lines = new List<string>();
        var outside = new List<string>();
        foreach (var model in e.Fabric.Models.Value.Where(m => m.Loaded))
        {
            var (min, max) = (model.Replicas.Min, model.Replicas.Max);
            foreach (var (version, count) in model.Scaling?.ReplicasByVersion ?? model.Versions.ToDictionary(v => v.Version, v => v.Replicas.Count))
            {
                lines.Add($"{model.Name} v{version}: {count} replicas within [{min}, {max}]");
                if (count < min || count > max || min > max)
                {
                    outside.Add($"{model.Name} v{version}");
                }
            }
        }

        foreach (var hpa in e.Deployment.Manifests.Value?.Where(m => m.Kind == "HorizontalPodAutoscaler") ?? [])
        {
            lines.Add($"{hpa}: minReplicas {hpa.Root.TextAt("spec", "minReplicas") ?? "1 (default)"}, maxReplicas {hpa.Root.TextAt("spec", "maxReplicas") ?? "none"}");
        }

        if (lines.Count == 0)
        {
            return Verdict.NotEvidenced("no loaded model", "a deployed model");
        }

        return Verdict.PassIf(outside.Count == 0, "every version's replica count lies within its configured minimum and maximum",
            $"replicas outside their bounds: {string.Join(", ", outside)}", lines);
    }

    internal static Verdict EventsLogged(EvidenceSet e)
    {
        if (!e.Fabric.Events.IsAvailable)
        {
            return Missing.Source(e.Fabric.Events, Missing.LiveFabric);
        }

        var scaling = e.Fabric.Events.Value.Where(x => x.Kind is "ReplicasScaled" or "ScalingLimited" or "ScalingChanged").ToList();
        var lines = scaling.TakeLast(10).Select(x => $"{x.Timestamp:u} {x.Model} {x.Kind}: {x.Message}").ToList();

        // The autoscaler's own record of changed replica counts must reach the event log of the same model.
        var unlogged = (e.Fabric.Models.Value ?? [])
            .Where(m => !scaling.Any(x => x.Model == m.Name))
            .SelectMany(m => (m.Scaling?.RecentDecisions ?? []).Where(d => d.To != d.From).Select(d => $"{d.At:u} {m.Name} v{d.Version}: {d.From} → {d.To} ({d.Reason})"))
            .ToList();
        if (unlogged.Count > 0)
        {
            return Verdict.Fail($"{unlogged.Count} scaling decisions with no scaling event in the log", unlogged);
        }

        return scaling.Count > 0
            ? Verdict.Pass($"{scaling.Count} scaling events in the event log", lines)
            : Verdict.NotEvidenced("no scaling has happened, so no scaling event is logged", "the scale drill (--drills scale) or a scaling change (fabric scaling set)");
    }

    private static void AddFabricSignals(ScalingSettingsResponse settings, HashSet<string> signals)
    {
        if (settings.MaxCpuPercent is not null)
        {
            signals.Add("cpu");
        }

        if (settings.MaxMemoryPercent is not null)
        {
            signals.Add("memory");
        }

        if (settings.TargetInFlightPerReplica is not null || settings.TargetQueueDepthPerReplica is not null || settings.TargetP95LatencyMs is not null)
        {
            signals.Add("custom");
        }
    }
}
