namespace ServingFabric.Models;

/// <summary>What happened to a model (its event log). Values are persisted: append new ones, never renumber.</summary>
public enum ModelEventKind
{
    /// <summary>The model was deployed or its spec changed.</summary>
    Deployed = 0,
    /// <summary>The model was taken out of service.</summary>
    Unloaded = 1,
    /// <summary>A replica's silo died or stopped answering; the supervisor re-activates it elsewhere.</summary>
    ReplicaLost = 2,
    /// <summary>A lost replica is active again on another silo.</summary>
    ReplicaReplaced = 3,
    /// <summary>A replica's model failed to load, or its silo did not answer a probe.</summary>
    ReplicaUnhealthy = 4,
    /// <summary>A front took the replica out of its rotation.</summary>
    ReplicaEjected = 5,
    /// <summary>An unhealthy or ejected replica is serving again.</summary>
    ReplicaRecovered = 6,
    /// <summary>The supervisor moved a replica to restore the zone spread.</summary>
    ReplicaRelocated = 7,
    /// <summary>Fewer zones or inference silos than replicas: some replicas share a zone or silo.</summary>
    SpreadDegraded = 8,
    /// <summary>Every replica is back in a zone of its own.</summary>
    SpreadRestored = 9,
}
