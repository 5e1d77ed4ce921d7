namespace ServingFabric.Models;

/// <summary>What the router serves for a model: its configuration, versions and default version.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Config">Serving configuration.</param>
/// <param name="Versions">Versions available in the repository, ascending.</param>
/// <param name="DefaultVersion">The version requests without a version go to.</param>
/// <param name="ReplicasPerVersion">Replica grains per version (the high-availability work raises this).</param>
[GenerateSerializer, Immutable, Alias("sf.ModelDeploymentSpec")]
public sealed record ModelDeploymentSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] ModelConfig Config,
    [property: Id(2)] IReadOnlyList<string> Versions,
    [property: Id(3)] string DefaultVersion,
    [property: Id(4)] int ReplicasPerVersion = 1);
