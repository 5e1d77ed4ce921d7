namespace ServingFabric.Grains.Deployment;

/// <summary>One row of Triton's repository index: a model version and its state (READY, UNAVAILABLE, LOADING).</summary>
public sealed record RepositoryIndexEntry(string Name, string Version, string State, string? Reason);
