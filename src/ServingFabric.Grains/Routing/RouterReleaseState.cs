namespace ServingFabric.Grains.Routing;

/// <summary>STUB: the router's versions registry and release state (issue 4 fills this in).</summary>
[GenerateSerializer, Alias("sf.RouterReleaseState")]
public sealed class RouterReleaseState
{
}
