namespace ServingFabric.Grains.Routing;

/// <summary>STUB: the router's scaling state (issue 6 fills this in).</summary>
[GenerateSerializer, Alias("sf.RouterScalingState")]
public sealed class RouterScalingState
{
}
