namespace ServingFabric.Contracts.Releases;

/// <summary>
/// <c>GET /v1/models/{name}/experiment</c> (and the answer of every release operation): a canary or A/B test in full,
/// with its arms, its always-valid tests and its history. Undefined numbers (no data yet, an unbounded interval) are null.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Id">The release.</param>
/// <param name="Kind">Canary or A/B test.</param>
/// <param name="Status">Its status in snake_case: <c>running</c>, <c>paused</c>, <c>frozen</c>, <c>promoted</c>, <c>rolled_back</c>, ...</param>
/// <param name="Active">Whether it is still in progress (running, paused or frozen).</param>
/// <param name="Control">The stable version.</param>
/// <param name="Candidate">The version under test.</param>
/// <param name="CandidatePercent">The candidate's share of traffic now.</param>
/// <param name="Decision">The latest decision in snake_case.</param>
/// <param name="Reason">Why that decision was taken.</param>
/// <param name="StepIndex">The canary step reached (0 for the first).</param>
/// <param name="Steps">The canary's percentages; an A/B test's single split.</param>
/// <param name="StartedAt">When the release started.</param>
/// <param name="StepStartedAt">When the current step started.</param>
/// <param name="Arms">Control and candidate with their counts.</param>
/// <param name="Tests">The sequential tests behind the decisions.</param>
/// <param name="History">Every step, pause, decision and operator action.</param>
public sealed record ExperimentResponse(
    string Model,
    string Id,
    ReleaseKind Kind,
    string Status,
    bool Active,
    string Control,
    string Candidate,
    double? CandidatePercent,
    string Decision,
    string Reason,
    int StepIndex,
    IReadOnlyList<double> Steps,
    DateTimeOffset StartedAt,
    DateTimeOffset StepStartedAt,
    IReadOnlyList<ArmResponse> Arms,
    IReadOnlyList<StatisticalTestResponse> Tests,
    IReadOnlyList<ReleaseHistoryResponse> History);
