namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// Observations of both arms of a release: control (the stable version, or A) and candidate (the canary, or B).
/// Used for deltas flushed by fronts and for the totals a policy keeps.
/// </summary>
[GenerateSerializer, Alias("sf.ReleaseObservations")]
public sealed record ReleaseObservations
{
    /// <summary>The stable version (canary) or arm A (A/B test).</summary>
    [Id(0)]
    public ArmObservations Control { get; set; } = new();

    /// <summary>The canary version or arm B.</summary>
    [Id(1)]
    public ArmObservations Candidate { get; set; } = new();

    /// <summary>Adds everything <paramref name="other"/> saw.</summary>
    public void Merge(ReleaseObservations other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Control.Merge(other.Control);
        Candidate.Merge(other.Candidate);
    }

    /// <summary>An independent deep copy.</summary>
    public ReleaseObservations Copy() => new() { Control = Control.Copy(), Candidate = Candidate.Copy() };
}
