namespace ServingFabric.Models;

/// <summary>What a front reports about a replica it calls.</summary>
public enum ReplicaHealthVerdict
{
    /// <summary>Serving normally again.</summary>
    Healthy = 0,
    /// <summary>Taken out of the front's rotation (errors, timeouts, latency).</summary>
    Ejected = 1,
    /// <summary>Calls to it failed.</summary>
    Failed = 2,
}
