namespace ServingFabric.Deployment;

/// <summary>One row of Triton's repository index: a model version and its state (READY, UNAVAILABLE, LOADING).</summary>
[GenerateSerializer, Immutable, Alias("sf.RepositoryIndexEntry")]
public sealed record RepositoryIndexEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] string Version,
    [property: Id(2)] string State,
    [property: Id(3)] string? Reason);
