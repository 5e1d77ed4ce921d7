namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// Decides an A/B test. Pure: no I/O, time from an injected clock; it changes only the state passed in, which the
/// caller persists.
/// </summary>
public interface IAbTestPolicy
{
    /// <summary>A new test splitting traffic between <paramref name="controlVersion"/> (A) and <paramref name="treatmentVersion"/> (B).</summary>
    AbTestState Start(string controlVersion, string treatmentVersion);

    /// <summary>Adds the observations since the last call (Control = A, Candidate = B) and decides.</summary>
    AbDecision Evaluate(AbTestState state, ReleaseObservations delta);

    /// <summary>
    /// Operator: end the test now with the arm the primary test favours as the winner (before the minimum duration
    /// or the guardrails); throws <see cref="InvalidOperationException"/> when no arm is significantly better.
    /// </summary>
    AbDecision Promote(AbTestState state, string reason);

    /// <summary>Operator: end the test now keeping the control.</summary>
    AbDecision Abort(AbTestState state, string reason);

    /// <summary>Operator: resume a frozen test; the split is judged afresh from now on.</summary>
    AbDecision Resume(AbTestState state, string reason);
}
