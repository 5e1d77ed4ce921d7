namespace ServingFabric.Chaos.Faults;

/// <summary>What the harness does to the cluster.</summary>
internal enum FaultKind
{
    /// <summary>SIGKILL of one silo (a crash); the harness starts a new process on the same ports.</summary>
    Kill,

    /// <summary>SIGTERM of one silo (a pod deleted); the harness starts a new process once it has exited.</summary>
    Terminate,

    /// <summary>SIGSTOP of one silo for a while, then SIGCONT (a frozen, not dead, process: GC pause, VM stall).</summary>
    Freeze,

    /// <summary>Azurite stopped for a while, then started again with its data (an Azure Table outage).</summary>
    StorageOutage,

    /// <summary>One silo cut off from the others (network namespaces); skipped where the machine does not allow it.</summary>
    Partition,
}
