namespace ServingFabric.Traffic.Scaling;

/// <summary>What the router saw of one version over the metric window, for one autoscaler evaluation.</summary>
/// <param name="CurrentReplicas">Replicas the version runs now (the last decision), at least 1.</param>
/// <param name="ServingReplicas">Of those, the ones warm and in the routing table.</param>
/// <param name="InFlight">Requests in flight for the version, all replicas together (mean over the window).</param>
/// <param name="QueueDepth">Rows waiting in the version's batchers, all silos together (mean over the window).</param>
/// <param name="P95LatencyMs">p95 latency over the window; null when too few requests to say.</param>
/// <param name="HottestCpuPercent">CPU of the busiest silo hosting the version; null when unknown.</param>
/// <param name="HottestMemoryPercent">Memory of the fullest silo hosting the version; null when unknown.</param>
/// <param name="SilosWithHeadroom">Inference silos below both resource limits that host none of the version's replicas.</param>
/// <param name="InferenceSilos">Inference silos in the cluster: more replicas than silos add no capacity (replicas on one silo share its session and batcher).</param>
/// <param name="Zones">Zones of the inference silos; 0 when silos name none.</param>
/// <param name="GpuNeed">For a GPU model, what a silo needs to host it (then <paramref name="InferenceSilos"/> counts only silos that have it); null for a CPU model.</param>
public sealed record ScalingObservation(
    int CurrentReplicas,
    int ServingReplicas,
    double InFlight,
    double QueueDepth,
    double? P95LatencyMs = null,
    double? HottestCpuPercent = null,
    double? HottestMemoryPercent = null,
    int SilosWithHeadroom = 0,
    int InferenceSilos = 0,
    int Zones = 0,
    string? GpuNeed = null);
