using System.Globalization;

namespace ServingFabric.Traffic.Scaling;

public sealed partial class ReplicaAutoscaler
{
    // No signal may ask for more than this, whatever a broken report says.
    private const double MaxRecommendation = 1_000_000;

    /// <summary>One signal's recommendation: a count, or null when it has no opinion; and how it got there.</summary>
    private sealed record SignalVote(string Signal, int? Replicas, string Description, bool BlockedByResources = false);

    private List<SignalVote> Vote(ScalingObservation seen, ScalingTargets targets)
    {
        var current = seen.CurrentReplicas;
        var votes = new List<SignalVote>
        {
            Proportional("in-flight per replica", seen.InFlight, targets.TargetInFlightPerReplica, current, $" ({F(seen.InFlight)} in flight)"),
            Proportional("queue depth per replica", seen.QueueDepth, targets.TargetQueueDepthPerReplica, current, ""),
        };

        // Latency and resources add one replica at a time, and wait while added replicas warm: until they take
        // traffic, latency and CPU cannot have improved, and each round would add another.
        var warming = seen.ServingReplicas < current;
        if (targets.TargetP95Latency is { } target && seen.P95LatencyMs is { } p95)
        {
            var targetMs = target.TotalMilliseconds;
            var above = p95 > targetMs * (1 + _options.Tolerance);
            votes.Add(new SignalVote("p95 latency", above && !warming ? current + 1 : null,
                $"p95 latency {F(p95)} ms {(above ? ">" : "<=")} target {F(targetMs)} ms" + (above ? warming ? " (waiting for warming replicas)" : $" (→ {current + 1})" : "")));
        }

        var hot = Hot(seen, targets);
        if (hot is not null)
        {
            var room = seen.SilosWithHeadroom > 0;
            votes.Add(new SignalVote("silo resources", room && !warming ? current + 1 : null,
                hot + (warming ? " (waiting for warming replicas)" : room ? $" (→ {current + 1} on a silo with headroom)" : " and no other silo is below the limits"),
                BlockedByResources: !room && !warming));
        }

        return votes;
    }

    private SignalVote Proportional(string signal, double total, double target, int current, string detail)
    {
        var perReplica = total / current;
        var ratio = perReplica / target;
        int replicas;
        string comparison;
        if (Math.Abs(ratio - 1) <= _options.Tolerance)
        {
            replicas = current;
            comparison = "within tolerance of";
        }
        else
        {
            // ceil(current × perReplica / target) = ceil(total / target); the epsilon keeps 8.0000001 from becoming 9.
            replicas = (int)Math.Min(MaxRecommendation, Math.Max(0, Math.Ceiling(total / target - 1e-9)));
            comparison = ratio > 1 ? ">" : "<";
        }

        return new SignalVote(signal, replicas, $"{signal} {F(perReplica)} {comparison} target {F(target)}{detail} (→ {replicas})");
    }

    private static string? Hot(ScalingObservation seen, ScalingTargets targets)
    {
        var parts = new List<string>();
        if (seen.HottestCpuPercent is { } cpu && cpu > targets.MaxCpuPercent)
        {
            parts.Add($"silo CPU {F(cpu)} % > {F(targets.MaxCpuPercent)} %");
        }

        if (seen.HottestMemoryPercent is { } memory && memory > targets.MaxMemoryPercent)
        {
            parts.Add($"silo memory {F(memory)} % > {F(targets.MaxMemoryPercent)} %");
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }

    private Dictionary<string, double> Inputs(ScalingObservation seen, ScalingTargets targets, int recommended, int upward, int downward, int lower)
    {
        var inputs = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["replicas"] = seen.CurrentReplicas,
            ["serving_replicas"] = seen.ServingReplicas,
            ["in_flight"] = seen.InFlight,
            ["in_flight_per_replica"] = seen.InFlight / seen.CurrentReplicas,
            ["target_in_flight_per_replica"] = targets.TargetInFlightPerReplica,
            ["queue_depth"] = seen.QueueDepth,
            ["queue_depth_per_replica"] = seen.QueueDepth / seen.CurrentReplicas,
            ["target_queue_depth_per_replica"] = targets.TargetQueueDepthPerReplica,
            ["max_cpu_percent"] = targets.MaxCpuPercent,
            ["max_memory_percent"] = targets.MaxMemoryPercent,
            ["silos_with_headroom"] = seen.SilosWithHeadroom,
            ["inference_silos"] = seen.InferenceSilos,
            ["zones"] = seen.Zones,
            ["min_replicas"] = targets.MinReplicas,
            ["lower_bound"] = lower,
            ["max_replicas"] = targets.MaxReplicas,
            ["tolerance"] = _options.Tolerance,
            ["recommended"] = recommended,
            ["scale_up_stabilized"] = upward,
            ["scale_down_stabilized"] = downward,
            ["scale_down_window_s"] = targets.ScaleDownStabilization.TotalSeconds,
        };
        Add(inputs, "p95_ms", seen.P95LatencyMs);
        Add(inputs, "target_p95_ms", targets.TargetP95Latency?.TotalMilliseconds);
        Add(inputs, "cpu_percent", seen.HottestCpuPercent);
        Add(inputs, "memory_percent", seen.HottestMemoryPercent);
        return inputs;
    }

    private static void Add(Dictionary<string, double> inputs, string name, double? value)
    {
        if (value is { } v)
        {
            inputs[name] = v;
        }
    }

    private static string F(double value) => value.ToString(value >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
