namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>Picks the replica for one request among candidates the caller already filtered for health.</summary>
public interface IReplicaChooser
{
    /// <summary>The index in <paramref name="candidates"/> of the replica to call; -1 when there is none.</summary>
    int Choose(ReadOnlySpan<ReplicaLoad> candidates);
}
