using ServingFabric.Models;
using ServingFabric.Scaling;

namespace ServingFabric.Traffic.Scaling;

/// <summary>A model's effective scaling targets: its overrides, else config.json, else the silo defaults.</summary>
/// <param name="MinReplicas">Fewest replicas per version (never below the deployed minimum).</param>
/// <param name="MaxReplicas">Most replicas per version (at least <paramref name="MinReplicas"/>).</param>
/// <param name="TargetInFlightPerReplica">In-flight requests per replica to aim for.</param>
/// <param name="TargetQueueDepthPerReplica">Queued rows per replica above which to scale up.</param>
/// <param name="TargetP95Latency">p95 latency above which to add a replica; null leaves latency out.</param>
/// <param name="MaxCpuPercent">Silo CPU above which to add a replica elsewhere.</param>
/// <param name="MaxMemoryPercent">Silo memory above which to add a replica elsewhere.</param>
/// <param name="ScaleDownStabilization">Scale down only to the highest recommendation within this window.</param>
/// <param name="ScaleUpStabilization">Scale up only to the lowest recommendation within this window.</param>
public sealed record ScalingTargets(
    int MinReplicas,
    int MaxReplicas,
    double TargetInFlightPerReplica,
    double TargetQueueDepthPerReplica,
    TimeSpan? TargetP95Latency,
    double MaxCpuPercent,
    double MaxMemoryPercent,
    TimeSpan ScaleDownStabilization,
    TimeSpan ScaleUpStabilization)
{
    /// <summary>Merges the layers. Without a maximum anywhere the maximum is the minimum: a model scales only when told it may.</summary>
    /// <param name="overrides">Set through <c>PUT /v1/models/{name}/scaling</c>.</param>
    /// <param name="deployedMinimum">The deployment's replicas per version (config.json min, else the silo default).</param>
    /// <param name="configured">config.json <c>replicas</c>, if any.</param>
    /// <param name="maxBatchSize">The model's max batch size (0 without batching).</param>
    /// <param name="defaults">The silo's defaults.</param>
    public static ScalingTargets Resolve(ScalingSettings overrides, int deployedMinimum, ReplicaBounds? configured, int maxBatchSize, ReplicaAutoscalerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(defaults);
        var min = Math.Max(Math.Max(1, deployedMinimum), overrides.MinReplicas ?? 0);
        var max = Math.Max(min, overrides.MaxReplicas ?? configured?.Max ?? min);

        // One batch running and one filling keeps the batcher busy without queueing a third.
        var perBatch = maxBatchSize > 0 ? 2.0 * maxBatchSize : 4.0;
        return new ScalingTargets(
            min,
            max,
            overrides.TargetInFlightPerReplica ?? defaults.TargetInFlightPerReplica ?? perBatch,
            overrides.TargetQueueDepthPerReplica ?? defaults.TargetQueueDepthPerReplica ?? perBatch,
            overrides.TargetP95Latency ?? defaults.TargetP95Latency,
            overrides.MaxCpuPercent ?? defaults.MaxCpuPercent,
            overrides.MaxMemoryPercent ?? defaults.MaxMemoryPercent,
            overrides.ScaleDownStabilization ?? defaults.ScaleDownStabilization,
            overrides.ScaleUpStabilization ?? defaults.ScaleUpStabilization);
    }

    /// <summary>As settings for operators: every scaling member set (latency only when a target exists), admission from <paramref name="admission"/>.</summary>
    public ScalingSettings ToSettings(ScalingSettings admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        return new ScalingSettings(
            MinReplicas, MaxReplicas, TargetInFlightPerReplica, TargetQueueDepthPerReplica, TargetP95Latency, MaxCpuPercent, MaxMemoryPercent,
            ScaleDownStabilization, ScaleUpStabilization, admission.MaxConcurrency, admission.MaxQueueLength, admission.QueueTimeout);
    }
}
