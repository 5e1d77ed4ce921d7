namespace ServingFabric.Models;

/// <summary>A version and what the supervisor sees of each of its replicas, by index.</summary>
[GenerateSerializer, Immutable, Alias("sf.VersionStatus")]
public sealed record VersionStatus(
    [property: Id(0)] string Version,
    [property: Id(1)] IReadOnlyList<ReplicaObservation> Replicas);
