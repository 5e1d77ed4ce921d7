namespace ServingFabric.Traffic.Scaling;

/// <summary>
/// Decides how many replicas a model version runs. Pure: no I/O, time from an injected clock; it changes only the
/// window passed in, which the caller persists.
/// </summary>
public interface IReplicaAutoscaler
{
    /// <summary>Records the evaluation's recommendation in <paramref name="window"/> and decides.</summary>
    ScalingDecision Evaluate(AutoscalerWindow window, ScalingObservation observation, ScalingTargets targets);

    /// <summary>
    /// Starts a window over after the caller lost track of time (a router activation after its silo died): the
    /// current count counts as a recommendation now, so nothing scales down before a whole window has been seen.
    /// </summary>
    void Restart(AutoscalerWindow window, int currentReplicas);
}
