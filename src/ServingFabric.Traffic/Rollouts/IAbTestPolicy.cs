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
}
