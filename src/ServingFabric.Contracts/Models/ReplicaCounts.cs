namespace ServingFabric.Contracts.Models;

/// <summary>A model's replica bounds, <c>{"min", "max", "per_version"}</c>.</summary>
/// <param name="Min">The fewest replicas per version.</param>
/// <param name="Max">The most replicas per version.</param>
/// <param name="PerVersion">The replicas each version has now.</param>
public sealed record ReplicaCounts(int Min, int Max, int PerVersion);
