namespace ServingFabric.Contracts.Models;

/// <summary>One placed version and its replicas.</summary>
/// <param name="Version">The version.</param>
/// <param name="Replicas">Its replicas as the supervisor last saw them.</param>
public sealed record VersionReplicas(string Version, IReadOnlyList<ReplicaResponse> Replicas);
