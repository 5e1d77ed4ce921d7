using ServingFabric.Traffic.LoadBalancing;

namespace ServingFabric.Grains.Fronts;

/// <summary>How fronts call replicas. Bound from configuration section <c>ServingFabric:Inference</c>.</summary>
public sealed class InferenceFrontOptions
{
    public const string SectionName = "ServingFabric:Inference";

    /// <summary>Deadline for requests that carry none. Default 30 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a front trusts its cached routing table before asking the router again. Default 1 s.</summary>
    public TimeSpan RoutingTableTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one replica has to answer before the front gives up on it and retries once on another, within the
    /// request's deadline (a silo that died without closing its connections would otherwise hold the request until
    /// the deadline, leaving no time to retry). Default 5 s.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a front asks the replicas of a version with traffic for their state and queue depth (at most once
    /// per interval per replica and silo, whatever the number of front activations). Default 1 s.
    /// </summary>
    public TimeSpan StatusRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a status probe may take before the replica counts as unreachable. Default 2 s.</summary>
    public TimeSpan StatusTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When a replica is taken out of rotation and let back (section <c>ServingFabric:Inference:OutlierDetection</c>).</summary>
    public OutlierDetectionOptions OutlierDetection { get; set; } = new();
}
