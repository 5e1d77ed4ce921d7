namespace ServingFabric.Contracts.Scaling;

/// <summary>A model's autoscaling and admission settings; null: the silo's default applies.</summary>
/// <param name="MinReplicas">The fewest replicas per version.</param>
/// <param name="MaxReplicas">The most replicas per version.</param>
/// <param name="TargetInFlightPerReplica">In-flight requests per replica the autoscaler aims at.</param>
/// <param name="TargetQueueDepthPerReplica">Queued rows per replica it aims at.</param>
/// <param name="TargetP95LatencyMs">The 95th percentile latency it aims at, in milliseconds.</param>
/// <param name="MaxCpuPercent">CPU use above which it adds replicas.</param>
/// <param name="MaxMemoryPercent">Memory use above which it adds replicas.</param>
/// <param name="ScaleDownStabilizationSeconds">How long a lower recommendation must hold before replicas go.</param>
/// <param name="ScaleUpStabilizationSeconds">How long a higher recommendation must hold before replicas come.</param>
/// <param name="MaxConcurrency">Requests a replica runs at once.</param>
/// <param name="MaxQueueLength">Requests that may wait for a replica.</param>
/// <param name="QueueTimeoutSeconds">How long a request may wait.</param>
public sealed record ScalingSettingsResponse(
    int? MinReplicas,
    int? MaxReplicas,
    double? TargetInFlightPerReplica,
    double? TargetQueueDepthPerReplica,
    double? TargetP95LatencyMs,
    double? MaxCpuPercent,
    double? MaxMemoryPercent,
    double? ScaleDownStabilizationSeconds,
    double? ScaleUpStabilizationSeconds,
    int? MaxConcurrency,
    int? MaxQueueLength,
    double? QueueTimeoutSeconds);
