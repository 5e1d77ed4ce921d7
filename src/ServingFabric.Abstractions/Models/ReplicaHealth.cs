namespace ServingFabric.Models;

/// <summary>A replica's health as its router's supervisor sees it. Values are persisted: append, never renumber.</summary>
public enum ReplicaHealth
{
    /// <summary>Not probed yet.</summary>
    Unknown = 0,
    /// <summary>Loaded and warmed: serving.</summary>
    Healthy = 1,
    /// <summary>Loading its model; not in traffic yet.</summary>
    Warming = 2,
    /// <summary>Its model failed to load, or its silo did not answer a probe.</summary>
    Unhealthy = 3,
    /// <summary>A front took it out of rotation (see the event log for why).</summary>
    Ejected = 4,
    /// <summary>Its silo is dead; the next probe re-activates it elsewhere.</summary>
    Lost = 5,
    /// <summary>
    /// Its probe failed or timed out while membership still counts its silo alive (a frozen or just-killed process,
    /// a network fault): shown at once, with the time of the last good probe, until it answers again or is lost.
    /// </summary>
    Unreachable = 6,
}
