namespace ServingFabric.Contracts.Models;

/// <summary>One placed version and its replicas.</summary>
/// <param name="Version">The version.</param>
/// <param name="Replicas">Its replicas as the supervisor last saw them.</param>
/// <param name="Availability">The version's availability SLI; null when it served no valid request in 30 days.</param>
public sealed record VersionReplicas(string Version, IReadOnlyList<ReplicaResponse> Replicas, AvailabilityResponse? Availability = null);
