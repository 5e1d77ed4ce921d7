namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// Decides a canary release step by step. Pure: no I/O, time from an injected clock; every method changes only
/// the state passed in, which the caller persists, and returns what to do with traffic.
/// </summary>
public interface ICanaryPolicy
{
    /// <summary>A new canary at the first step.</summary>
    CanaryState Start(string stableVersion, string canaryVersion);

    /// <summary>Adds the observations since the last call and decides.</summary>
    CanaryDecision Evaluate(CanaryState state, ReleaseObservations delta);

    /// <summary>Operator: stop advancing (harm still rolls back).</summary>
    CanaryDecision Pause(CanaryState state, string reason);

    /// <summary>Operator: resume a paused or frozen canary.</summary>
    CanaryDecision Resume(CanaryState state, string reason);

    /// <summary>Operator: promote now, skipping the remaining steps.</summary>
    CanaryDecision Promote(CanaryState state, string reason);

    /// <summary>Operator: roll back now.</summary>
    CanaryDecision Abort(CanaryState state, string reason);
}
