using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>The router's persistent state.</summary>
[GenerateSerializer, Alias("sf.ModelRouterState")]
public sealed class ModelRouterState
{
    [Id(0)]
    public ModelDeploymentSpec? Spec { get; set; }

    [Id(1)]
    public bool Loaded { get; set; }

    [Id(2)]
    public long Revision { get; set; }
}
