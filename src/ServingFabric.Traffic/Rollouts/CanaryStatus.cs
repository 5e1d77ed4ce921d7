namespace ServingFabric.Traffic.Rollouts;

/// <summary>Where a canary release stands.</summary>
public enum CanaryStatus
{
    /// <summary>Observing, and advancing when the evidence allows.</summary>
    Running,

    /// <summary>Stopped by an operator: still observing and still rolling back on harm, never advancing.</summary>
    Paused,

    /// <summary>The traffic split is not what was configured: no promotion until an operator resumes.</summary>
    Frozen,

    /// <summary>Ended: all traffic back on the stable version.</summary>
    RolledBack,

    /// <summary>Ended: the canary serves all traffic and the old version is retired.</summary>
    Promoted,
}
