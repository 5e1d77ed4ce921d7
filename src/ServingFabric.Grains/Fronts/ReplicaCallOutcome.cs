namespace ServingFabric.Grains.Fronts;

/// <summary>How a call to a replica ended, as outlier detection counts it.</summary>
internal enum ReplicaCallOutcome
{
    /// <summary>It answered.</summary>
    Success,
    /// <summary>It failed in a way that says nothing about the replica (bad input, caller gone, queue full).</summary>
    Neutral,
    /// <summary>The replica or its engine failed, or it did not answer in time.</summary>
    ReplicaFailure,
    /// <summary>Its silo could not be reached (dead, partitioned, shutting down).</summary>
    SiloUnreachable,
}
