namespace ServingFabric.Traffic.Scaling;

public sealed partial class ReplicaAutoscaler
{
    private static string Explain(
        ScalingObservation seen, ScalingTargets targets, List<SignalVote> votes, int proposal, int to, int lower, int upward, int downward, ScalingLimit limit)
    {
        var current = seen.CurrentReplicas;
        var signals = string.Join("; ", votes.Select(v => v.Description));
        var recommended = votes.Max(v => v.Replicas ?? 0);
        string head;
        if (to > current && proposal < to && to == lower)
        {
            head = $"{LowerBoundReason(seen, targets, lower)}; {signals}";
        }
        else if (to > current)
        {
            var asking = votes.Where(v => v.Replicas > current).Select(v => v.Description).ToList();
            head = string.Join("; ", asking.Count > 0 ? asking : [signals]);
            if (upward < recommended)
            {
                head += $" (the lowest recommendation in the last {Seconds(targets.ScaleUpStabilization)} is {upward})";
            }
            else if (to < upward && limit == ScalingLimit.None)
            {
                head += $" (at most {to} in one step)";
            }
        }
        else if (to < current && to == targets.MaxReplicas && proposal > to)
        {
            head = $"maxReplicas is {targets.MaxReplicas}; {signals}";
        }
        else if (to < current)
        {
            head = $"the highest recommendation in the last {Seconds(targets.ScaleDownStabilization)} is {downward}" +
                (to > downward ? $", and the lower bound is {lower} ({LowerBoundReason(seen, targets, lower)})" : "") + $"; now {signals}";
        }
        else if (recommended > current && upward <= current && limit == ScalingLimit.None)
        {
            head = $"held by the scale-up window ({Seconds(targets.ScaleUpStabilization)}, lowest recommendation {upward}): {signals}";
        }
        else if (recommended < current && downward >= current)
        {
            head = $"held by the scale-down window ({Seconds(targets.ScaleDownStabilization)}, highest recommendation {downward}): {signals}";
        }
        else if (recommended < current)
        {
            head = $"held at the lower bound: {LowerBoundReason(seen, targets, lower)}; {signals}";
        }
        else
        {
            head = $"within targets: {signals}";
        }

        return head + limit switch
        {
            ScalingLimit.MaxReplicas => $"; held at maxReplicas {targets.MaxReplicas} (the signals ask for {Math.Max(proposal, upward)}): raise maxReplicas to scale further",
            ScalingLimit.InferenceSilos when seen.GpuNeed is { } need =>
                $"; held at {to}: each of the {seen.InferenceSilos} inference silo(s) with {need} hosts a replica already and more on one silo add no capacity: add GPU nodes with {need}",
            ScalingLimit.InferenceSilos => $"; held at {to}: each of the {seen.InferenceSilos} inference silo(s) hosts a replica already and more on one silo add no capacity: add inference silos",
            ScalingLimit.Resources => "; held back: every inference silo without a replica of this version is above the CPU or memory limit too: add inference silos",
            _ => "",
        };
    }

    private static string LowerBoundReason(ScalingObservation seen, ScalingTargets targets, int lower) =>
        lower > targets.MinReplicas
            ? $"one replica per zone over {seen.Zones} zones (minReplicas {targets.MinReplicas})"
            : $"minReplicas is {targets.MinReplicas}";

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.#} s";
}
