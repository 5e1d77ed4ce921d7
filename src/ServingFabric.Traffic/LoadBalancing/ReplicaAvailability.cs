namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>Whether a replica is in a front's rotation, as outlier detection sees it.</summary>
public enum ReplicaAvailability
{
    /// <summary>In rotation.</summary>
    Available,
    /// <summary>Ejected and inside its back-off period: it gets no traffic.</summary>
    Ejected,
    /// <summary>Ejected, back-off over: one request at a time may probe it; a success puts it back in rotation.</summary>
    ProbeEligible,
}
