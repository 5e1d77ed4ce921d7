using ServingFabric.Grains.Scaling;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Routing;

/// <summary>The router's scaling state: the operator's overrides, each version's replicas, and recent decisions.</summary>
[GenerateSerializer, Alias("sf.RouterScalingState")]
public sealed class RouterScalingState
{
    /// <summary>Settings set through <c>PUT /v1/models/{name}/scaling</c>; null members fall back to config.json and the silo defaults.</summary>
    [Id(0)]
    public ScalingSettings Overrides { get; set; } = new();

    /// <summary>Replicas, draining, serving set and autoscaler window, by version.</summary>
    [Id(1)]
    public Dictionary<string, VersionScalingState> Versions { get; set; } = [];

    /// <summary>Decisions that changed replicas or hit a limit, oldest first, capped at ServingFabric:Scaling:RecentDecisions.</summary>
    [Id(2)]
    public List<ScalingDecisionView> RecentDecisions { get; set; } = [];
}
