namespace ServingFabric.Models;

/// <summary>A version and the keys of its replica grains (<c>model/version/index</c>).</summary>
/// <param name="Version">The version.</param>
/// <param name="ReplicaKeys">Replicas that take traffic: warm ones only (plus the deployed minimum); draining ones are left out.</param>
/// <param name="DesiredReplicas">
/// Replicas the autoscaler wants (indices below it); 0 when the router does not say. A replica activated at a higher
/// index (a stale front calling one that was scaled down) refuses to load.
/// </param>
[GenerateSerializer, Immutable, Alias("sf.VersionRoute")]
public sealed record VersionRoute(
    [property: Id(0)] string Version,
    [property: Id(1)] IReadOnlyList<string> ReplicaKeys,
    [property: Id(2)] int DesiredReplicas = 0);
