namespace ServingFabric.Traffic.Scaling;

/// <summary>Rejects autoscaler options that would scale on nonsense, naming the setting and a valid value.</summary>
public static class ReplicaAutoscalerOptionsValidator
{
    /// <summary>The problems found, each naming the setting under <paramref name="section"/>; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(ReplicaAutoscalerOptions options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.TargetInFlightPerReplica is { } inFlight && !(inFlight > 0))
        {
            failures.Add($"{section}:TargetInFlightPerReplica is {inFlight}; set a positive number such as 4, or leave it unset to derive it from max_batch_size.");
        }

        if (options.TargetQueueDepthPerReplica is { } queue && !(queue > 0))
        {
            failures.Add($"{section}:TargetQueueDepthPerReplica is {queue}; set a positive number such as 16, or leave it unset to derive it from max_batch_size.");
        }

        if (options.TargetP95Latency is { } latency && latency <= TimeSpan.Zero)
        {
            failures.Add($"{section}:TargetP95Latency is {latency}; set a positive time such as 00:00:00.200, or leave it unset.");
        }

        if (!(options.MaxCpuPercent is > 0 and <= 100))
        {
            failures.Add($"{section}:MaxCpuPercent is {options.MaxCpuPercent}; set a percentage in (0, 100] such as 80.");
        }

        if (!(options.MaxMemoryPercent is > 0 and <= 100))
        {
            failures.Add($"{section}:MaxMemoryPercent is {options.MaxMemoryPercent}; set a percentage in (0, 100] such as 85.");
        }

        if (options.ScaleDownStabilization < TimeSpan.Zero || options.ScaleUpStabilization < TimeSpan.Zero)
        {
            failures.Add($"{section}:ScaleDownStabilization ({options.ScaleDownStabilization}) and ScaleUpStabilization ({options.ScaleUpStabilization}) must not be negative; defaults 00:02:00 and 00:00:00.");
        }

        if (!(options.Tolerance is >= 0 and < 1))
        {
            failures.Add($"{section}:Tolerance is {options.Tolerance}; set a share in [0, 1) such as 0.1.");
        }

        if (!(options.MaxScaleUpFactor >= 1) || options.MaxScaleUpStep < 1)
        {
            failures.Add($"{section}:MaxScaleUpFactor ({options.MaxScaleUpFactor}) must be at least 1 and MaxScaleUpStep ({options.MaxScaleUpStep}) at least 1; defaults 2 and 4.");
        }

        if (options.MaxReplicasLimit < 1)
        {
            failures.Add($"{section}:MaxReplicasLimit is {options.MaxReplicasLimit}; set 1 or more (default 100).");
        }

        return failures;
    }
}
