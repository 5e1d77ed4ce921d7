using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>What the fronts of this silo know about one replica. Read and written only under its balancer's lock.</summary>
internal sealed class ReplicaSlot(string key)
{
    public string Key { get; } = key;

    /// <summary>
    /// The replica's grain reference, made on first use: Orleans resolves the interface's type by reflection on every
    /// <c>GetGrain</c>, once per request before. References are immutable, so two threads racing to set it is harmless.
    /// </summary>
    public IModelReplicaGrain? Reference { get; set; }

    /// <summary>Requests the fronts of this silo sent it and have not seen answered.</summary>
    public int InFlight { get; set; }

    /// <summary>Rows in its batcher at the last status probe: the load every other front puts on it.</summary>
    public int QueueDepth { get; set; }

    /// <summary>Its state at the last status probe; null before the first.</summary>
    public ReplicaState? State { get; set; }

    /// <summary>Its silo at the last status probe, so a retry can go to another silo.</summary>
    public string? Silo { get; set; }

    /// <summary>Its silo did not answer (a call or a probe failed in transport); cleared by any answer.</summary>
    public bool Unreachable { get; set; }

    /// <summary>When the last status probe answered or failed, as a <see cref="TimeProvider"/> timestamp; 0 never.</summary>
    public long StatusAt { get; set; }

    /// <summary>A status probe is on its way, so other fronts' timers leave it alone.</summary>
    public bool Refreshing { get; set; }

    /// <summary>Whether the last things heard make it a first choice: ready (or not heard of yet) and reachable.</summary>
    public bool LooksServing => !Unreachable && State is null or ReplicaState.Ready;
}
