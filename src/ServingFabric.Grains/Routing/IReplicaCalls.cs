using ServingFabric.Grains.Supervision;

namespace ServingFabric.Grains.Routing;

/// <summary>The calls a router makes to its replicas; <see cref="ReplicaGrainCalls"/> makes them through the grain factory.</summary>
internal interface IReplicaCalls
{
    /// <summary>Activates the replica if it is not active, and asks its status. A failure or a timeout is a failed probe, never an exception.</summary>
    Task<ReplicaProbe> ProbeAsync(string replicaKey);

    /// <summary>
    /// Asks the replica to move so that placement runs again, telling placement the silos of the version's other
    /// replicas (parsable silo addresses separated by ';'). Throws when the replica did not accept in time.
    /// </summary>
    Task RelocateAsync(string replicaKey, string siblingSilos);

    /// <summary>Unloads the replica's model; it refuses to load again until its version is back in the routing table.</summary>
    Task UnloadAsync(string replicaKey);
}
