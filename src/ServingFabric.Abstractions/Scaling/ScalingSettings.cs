namespace ServingFabric.Scaling;

/// <summary>
/// How a model's replicas per version follow load (<c>PUT /v1/models/{name}/scaling</c>). Null members keep the
/// current value (from config.json or the silo defaults).
/// </summary>
/// <param name="MinReplicas">Fewest replicas per version (never below what the zone spread needs).</param>
/// <param name="MaxReplicas">Most replicas per version.</param>
/// <param name="TargetInFlightPerReplica">In-flight requests per replica the autoscaler aims for (like Ray Serve's target_ongoing_requests).</param>
/// <param name="TargetQueueDepthPerReplica">Queued rows per replica above which it scales up.</param>
/// <param name="TargetP95Latency">p95 latency above which it scales up.</param>
/// <param name="MaxCpuPercent">Silo CPU above which it scales up (and new replicas are not placed there).</param>
/// <param name="MaxMemoryPercent">Silo memory above which it scales up (and new replicas are not placed there).</param>
/// <param name="ScaleDownStabilization">Scale down only to the highest recommendation within this window (like the Kubernetes HPA).</param>
/// <param name="ScaleUpStabilization">Window for scale up (default 0: at once).</param>
/// <param name="MaxConcurrency">Admission: requests in service per version per silo before new ones queue.</param>
/// <param name="MaxQueueLength">Admission: requests waiting per version per silo before new ones get 429 (default with a concurrency limit: 4 × it, at least 16).</param>
/// <param name="QueueTimeout">Admission: longest wait in that queue before 429.</param>
[GenerateSerializer, Immutable, Alias("sf.ScalingSettings")]
public sealed record ScalingSettings(
    [property: Id(0)] int? MinReplicas = null,
    [property: Id(1)] int? MaxReplicas = null,
    [property: Id(2)] double? TargetInFlightPerReplica = null,
    [property: Id(3)] double? TargetQueueDepthPerReplica = null,
    [property: Id(4)] TimeSpan? TargetP95Latency = null,
    [property: Id(5)] double? MaxCpuPercent = null,
    [property: Id(6)] double? MaxMemoryPercent = null,
    [property: Id(7)] TimeSpan? ScaleDownStabilization = null,
    [property: Id(8)] TimeSpan? ScaleUpStabilization = null,
    [property: Id(9)] int? MaxConcurrency = null,
    [property: Id(10)] int? MaxQueueLength = null,
    [property: Id(11)] TimeSpan? QueueTimeout = null);

/// <summary>One autoscaling decision with the inputs that caused it.</summary>
/// <param name="At">When.</param>
/// <param name="Version">The version scaled.</param>
/// <param name="From">Replicas before.</param>
/// <param name="To">Replicas after (equal to From when the decision was held back, for example by max or a window).</param>
/// <param name="Reason">The metric values, thresholds and rule that decided, in words.</param>
/// <param name="Inputs">The metric values by name (in_flight_per_replica, queue_depth_per_replica, p95_ms, cpu_percent, memory_percent...).</param>
[GenerateSerializer, Immutable, Alias("sf.ScalingDecisionView")]
public sealed record ScalingDecisionView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Version,
    [property: Id(2)] int From,
    [property: Id(3)] int To,
    [property: Id(4)] string Reason,
    [property: Id(5)] IReadOnlyDictionary<string, double> Inputs);

/// <summary>A model's scaling as operators see it.</summary>
/// <param name="Settings">The effective settings (every member set).</param>
/// <param name="ReplicasByVersion">Desired replicas per version now.</param>
/// <param name="ServingByVersion">Replicas per version that are warm and in the routing table.</param>
/// <param name="RecentDecisions">Latest decisions, oldest first.</param>
[GenerateSerializer, Immutable, Alias("sf.ScalingView")]
public sealed record ScalingView(
    [property: Id(0)] ScalingSettings Settings,
    [property: Id(1)] IReadOnlyDictionary<string, int> ReplicasByVersion,
    [property: Id(2)] IReadOnlyDictionary<string, int> ServingByVersion,
    [property: Id(3)] IReadOnlyList<ScalingDecisionView> RecentDecisions);
