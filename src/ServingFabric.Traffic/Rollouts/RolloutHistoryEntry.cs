namespace ServingFabric.Traffic.Rollouts;

/// <summary>One decision in a release's history, kept for operators and audits.</summary>
/// <param name="At">When it was decided.</param>
/// <param name="Action">What was decided (Advance, Rollback, Pause …).</param>
/// <param name="CandidatePercent">The candidate's traffic share after the decision, in percent.</param>
/// <param name="Reason">Why, with the numbers.</param>
public sealed record RolloutHistoryEntry(DateTimeOffset At, string Action, double CandidatePercent, string Reason);
