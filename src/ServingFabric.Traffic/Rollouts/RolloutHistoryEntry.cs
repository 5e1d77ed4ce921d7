namespace ServingFabric.Traffic.Rollouts;

/// <summary>One decision in a release's history, kept for operators and audits.</summary>
/// <param name="At">When it was decided.</param>
/// <param name="Action">What was decided (Advance, Rollback, Pause …).</param>
/// <param name="CandidatePercent">The candidate's traffic share after the decision, in percent.</param>
/// <param name="Reason">Why, with the numbers.</param>
[GenerateSerializer, Immutable, Alias("sf.RolloutHistoryEntry")]
public sealed record RolloutHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Action,
    [property: Id(2)] double CandidatePercent,
    [property: Id(3)] string Reason);
