namespace ServingFabric.Contracts.Releases;

/// <summary>One entry of a release's history.</summary>
/// <param name="At">When.</param>
/// <param name="Action">What happened, in snake_case (<c>started</c>, <c>advanced</c>, <c>paused</c>, ...).</param>
/// <param name="CandidatePercent">The candidate's share afterwards.</param>
/// <param name="Reason">Why.</param>
public sealed record ReleaseHistoryResponse(DateTimeOffset At, string Action, double? CandidatePercent, string Reason);
