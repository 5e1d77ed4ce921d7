using ServingFabric.Scaling;

namespace ServingFabric.Traffic.Scaling;

/// <summary>Merges a change of scaling settings into a model's overrides and checks the result, naming each fix.</summary>
public static class ScalingOverrides
{
    /// <summary>The overrides after <paramref name="change"/>: its set members replace, its null members keep.</summary>
    public static ScalingSettings Merge(ScalingSettings current, ScalingSettings change)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        return new ScalingSettings(
            change.MinReplicas ?? current.MinReplicas,
            change.MaxReplicas ?? current.MaxReplicas,
            change.TargetInFlightPerReplica ?? current.TargetInFlightPerReplica,
            change.TargetQueueDepthPerReplica ?? current.TargetQueueDepthPerReplica,
            change.TargetP95Latency ?? current.TargetP95Latency,
            change.MaxCpuPercent ?? current.MaxCpuPercent,
            change.MaxMemoryPercent ?? current.MaxMemoryPercent,
            change.ScaleDownStabilization ?? current.ScaleDownStabilization,
            change.ScaleUpStabilization ?? current.ScaleUpStabilization,
            change.MaxConcurrency ?? current.MaxConcurrency,
            change.MaxQueueLength ?? current.MaxQueueLength,
            change.QueueTimeout ?? current.QueueTimeout);
    }

    /// <summary>The problems with <paramref name="merged"/> overrides of model <paramref name="model"/>; empty when valid.</summary>
    /// <param name="model">The model, for messages.</param>
    /// <param name="merged">The overrides after the change.</param>
    /// <param name="deployedMinimum">The deployment's replicas per version, which the autoscaler never goes below.</param>
    /// <param name="maxReplicasLimit">The largest maximum the silo allows.</param>
    public static IReadOnlyList<string> Validate(string model, ScalingSettings merged, int deployedMinimum, int maxReplicasLimit)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var failures = new List<string>();
        if (merged.MinReplicas is { } min && (min < 1 || min < deployedMinimum))
        {
            failures.Add($"minReplicas is {min}; set at least {Math.Max(1, deployedMinimum)}: model '{model}' is deployed with {deployedMinimum} replica(s) per version " +
                "(config.json replicas.min, else ServingFabric:Deployment:DefaultMinReplicas); lower that and load the model again to go below it.");
        }

        if (merged.MaxReplicas is { } max && (max < 1 || max > maxReplicasLimit))
        {
            failures.Add($"maxReplicas is {max}; set 1 to {maxReplicasLimit} (ServingFabric:Scaling:Policy:MaxReplicasLimit).");
        }

        var effectiveMin = Math.Max(deployedMinimum, merged.MinReplicas ?? 0);
        if (merged.MaxReplicas is { } setMax && setMax < effectiveMin)
        {
            failures.Add($"maxReplicas {setMax} is below minReplicas {effectiveMin}; set maxReplicas to {effectiveMin} or more, or lower minReplicas.");
        }
        else if (merged.MaxReplicas is null && effectiveMin > maxReplicasLimit)
        {
            failures.Add($"minReplicas {effectiveMin} is above the limit of {maxReplicasLimit} replicas per version (ServingFabric:Scaling:Policy:MaxReplicasLimit).");
        }

        RequirePositive(failures, "targetInFlightPerReplica", merged.TargetInFlightPerReplica, "4");
        RequirePositive(failures, "targetQueueDepthPerReplica", merged.TargetQueueDepthPerReplica, "16");
        if (merged.TargetP95Latency is { } latency && latency <= TimeSpan.Zero)
        {
            failures.Add($"targetP95Latency is {latency}; set a positive time such as 00:00:00.200.");
        }

        RequirePercent(failures, "maxCpuPercent", merged.MaxCpuPercent, "80");
        RequirePercent(failures, "maxMemoryPercent", merged.MaxMemoryPercent, "85");
        RequireWindow(failures, "scaleDownStabilization", merged.ScaleDownStabilization, "00:02:00");
        RequireWindow(failures, "scaleUpStabilization", merged.ScaleUpStabilization, "00:00:00");
        if (merged.MaxConcurrency is < 1)
        {
            failures.Add($"maxConcurrency is {merged.MaxConcurrency}; set 1 or more (requests in service per version per silo).");
        }

        if (merged.MaxQueueLength is < 0)
        {
            failures.Add($"maxQueueLength is {merged.MaxQueueLength}; set 0 (refuse at once above maxConcurrency) or more.");
        }

        if (merged.QueueTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            failures.Add($"queueTimeout is {timeout}; set a positive time such as 00:00:05.");
        }

        return failures;
    }

    private static void RequirePositive(List<string> failures, string name, double? value, string example)
    {
        if (value is { } v && !(v > 0 && double.IsFinite(v)))
        {
            failures.Add($"{name} is {v}; set a positive number such as {example}.");
        }
    }

    private static void RequirePercent(List<string> failures, string name, double? value, string example)
    {
        if (value is { } v && !(v is > 0 and <= 100))
        {
            failures.Add($"{name} is {v}; set a percentage in (0, 100] such as {example}.");
        }
    }

    private static void RequireWindow(List<string> failures, string name, TimeSpan? value, string example)
    {
        if (value is { } v && (v < TimeSpan.Zero || v > TimeSpan.FromHours(1)))
        {
            failures.Add($"{name} is {v}; set a time from 00:00:00 to 01:00:00 such as {example}.");
        }
    }
}
