using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Scaling;

/// <summary>How routers scale replicas. Bound from <c>ServingFabric:Scaling</c>; the policy from <c>ServingFabric:Scaling:Policy</c>.</summary>
public sealed class ReplicaScalingOptions
{
    public const string SectionName = "ServingFabric:Scaling";

    /// <summary>
    /// The signals behind each decision are averaged (in-flight, queue depth) or merged (the latency histogram) over
    /// this window: long enough for a p95 and to smooth single probes, short enough to see a load step at once.
    /// Default 10 s.
    /// </summary>
    public TimeSpan MetricWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests in the window below which p95 latency says nothing. Default 20.</summary>
    public int MinLatencySamples { get; set; } = 20;

    /// <summary>
    /// How long a replica taken out of the routing table keeps serving before it unloads: fronts refresh their table
    /// every ServingFabric:Inference:RoutingTableTtl (1 s), so twice that lets every front stop sending to it; it
    /// also waits for its requests in flight to finish. Default 2 s.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a draining replica waits for its requests in flight before it unloads anyway. Default 30 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a reading of the silos' CPU and memory is reused. Default 2 s.</summary>
    public TimeSpan ResourceRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Queue timeout of admission limits that set a maximum concurrency or queue length but no timeout. Default 5 s.</summary>
    public TimeSpan DefaultQueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Decisions kept per model for operators (<c>GET /v1/models/{name}</c>). Default 20.</summary>
    public int RecentDecisions { get; set; } = 20;

    /// <summary>The autoscaler's rules and the default targets.</summary>
    public ReplicaAutoscalerOptions Policy { get; set; } = new();
}
