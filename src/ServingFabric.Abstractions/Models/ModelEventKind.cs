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
    /// <summary>A version was registered.</summary>
    VersionRegistered = 10,
    /// <summary>The default version changed (set, rolled back, or by a promotion).</summary>
    DefaultVersionChanged = 11,
    /// <summary>A version was retired: no replicas, no traffic.</summary>
    VersionRetired = 12,
    /// <summary>Weights or mirroring changed.</summary>
    TrafficChanged = 13,
    /// <summary>A canary or A/B test started.</summary>
    ReleaseStarted = 14,
    /// <summary>A canary moved to its next step.</summary>
    ReleaseAdvanced = 15,
    /// <summary>A canary or A/B winner was promoted to 100 %.</summary>
    ReleasePromoted = 16,
    /// <summary>A canary was rolled back (harm detected, or an operator aborted it).</summary>
    ReleaseRolledBack = 17,
    /// <summary>A release froze: the traffic split is broken (sample-ratio mismatch).</summary>
    ReleaseFrozen = 18,
    /// <summary>An operator paused or resumed a release.</summary>
    ReleasePausedOrResumed = 19,
    /// <summary>An A/B test ended without a winner; the control keeps serving.</summary>
    ReleaseInconclusive = 20,
    /// <summary>Fault injection was set or cleared for a version.</summary>
    FaultInjectionChanged = 21,
    /// <summary>The autoscaler changed a version's replica count.</summary>
    ReplicasScaled = 22,
    /// <summary>Scaling settings changed.</summary>
    ScalingChanged = 23,
    /// <summary>The autoscaler wanted more replicas but a bound or resource limit held it back.</summary>
    ScalingLimited = 24,
    /// <summary>The GPU a replica ran on failed (a CUDA error that breaks the device, or NVML's health check); the replica moves to a healthy GPU.</summary>
    GpuFailed = 25,
}
