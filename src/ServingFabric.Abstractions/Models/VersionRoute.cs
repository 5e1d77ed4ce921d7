namespace ServingFabric.Models;

/// <summary>A version and the keys of its replica grains (<c>model/version/index</c>).</summary>
[GenerateSerializer, Immutable, Alias("sf.VersionRoute")]
public sealed record VersionRoute(
    [property: Id(0)] string Version,
    [property: Id(1)] IReadOnlyList<string> ReplicaKeys);
