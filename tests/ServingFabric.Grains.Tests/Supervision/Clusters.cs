using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Placement.Silos;

namespace ServingFabric.Grains.Tests.Supervision;

/// <summary>Cluster views and observations for pure supervisor tests.</summary>
internal static class Clusters
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ClusterView Of(params PlacementCandidate[] silos) =>
        new(silos.ToDictionary(s => s.Silo.ToString(), StringComparer.Ordinal), silos);

    public static string Name(int n) => Address(n).ToString();

    public static ReplicaObservation Seen(string key, int silo, string? zone, ReplicaHealth health = ReplicaHealth.Healthy) =>
        new(key, Name(silo), zone, zone, health == ReplicaHealth.Healthy ? ReplicaState.Ready : ReplicaState.Loading, health, null, 0, 0, Now);

    public static ReplicaProbe Answer(string key, int silo, ReplicaState state = ReplicaState.Ready, string? error = null) =>
        ReplicaProbe.Answered(new ReplicaStatus(key, state, error, null, 0, 0, Name(silo)));
}
