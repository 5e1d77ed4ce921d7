namespace ServingFabric.Contracts.Releases;

/// <summary>A release in short, as <c>GET /v1/models/{name}</c> shows it under <c>experiment</c>.</summary>
/// <param name="Id">The release.</param>
/// <param name="Kind">Canary or A/B test.</param>
/// <param name="Status">Its status in snake_case: <c>running</c>, <c>paused</c>, <c>frozen</c>, <c>promoted</c>, <c>rolled_back</c>, ...</param>
/// <param name="Active">Whether it is still in progress (running, paused or frozen).</param>
/// <param name="Control">The stable version.</param>
/// <param name="Candidate">The version under test.</param>
/// <param name="CandidatePercent">The candidate's share of traffic now.</param>
/// <param name="Decision">The latest decision in snake_case.</param>
/// <param name="Reason">Why that decision was taken.</param>
public sealed record ExperimentSummaryResponse(
    string Id,
    ReleaseKind Kind,
    string Status,
    bool Active,
    string Control,
    string Candidate,
    double? CandidatePercent,
    string Decision,
    string Reason);
