namespace ServingFabric.Traffic.Rollouts;

/// <summary>What a canary decision asks the caller to do.</summary>
public enum CanaryAction
{
    /// <summary>Nothing: keep the current split.</summary>
    Continue,

    /// <summary>Move the canary to the next step's traffic share.</summary>
    Advance,

    /// <summary>Send all traffic to the canary and retire the stable version.</summary>
    Promote,

    /// <summary>Send all traffic back to the stable version.</summary>
    Rollback,

    /// <summary>Keep the split but block promotion, and alert: the traffic split is broken.</summary>
    Freeze,

    /// <summary>An operator paused the canary.</summary>
    Pause,

    /// <summary>An operator resumed the canary.</summary>
    Resume,
}
