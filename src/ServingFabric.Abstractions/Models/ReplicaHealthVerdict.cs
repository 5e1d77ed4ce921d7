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
    /// <summary>The replica's GPU failed (reported by the replica itself); it is moving to a healthy GPU.</summary>
    GpuFailed = 3,
}
