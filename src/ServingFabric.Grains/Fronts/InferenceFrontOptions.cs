namespace ServingFabric.Grains.Fronts;

/// <summary>How fronts call replicas. Bound from configuration section <c>ServingFabric:Inference</c>.</summary>
public sealed class InferenceFrontOptions
{
    public const string SectionName = "ServingFabric:Inference";

    /// <summary>Deadline for requests that carry none. Default 30 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a front trusts its cached routing table before asking the router again. Default 1 s.</summary>
    public TimeSpan RoutingTableTtl { get; set; } = TimeSpan.FromSeconds(1);
}
