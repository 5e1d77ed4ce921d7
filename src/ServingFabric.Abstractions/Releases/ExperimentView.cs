namespace ServingFabric.Releases;

/// <summary>A canary or A/B test as operators see it (<c>GET /v1/models/{name}/experiment</c>, <c>fabric experiment --watch</c>).</summary>
/// <param name="Id">Release id.</param>
/// <param name="Kind">Canary or A/B test.</param>
/// <param name="Status">Running, Paused, Frozen, Promoted, RolledBack, Concluded, Inconclusive, Aborted.</param>
/// <param name="Control">Stable version or arm A.</param>
/// <param name="Candidate">Canary version or arm B.</param>
/// <param name="CandidatePercent">The candidate's share now.</param>
/// <param name="StepIndex">Current step (canary); 0 for A/B.</param>
/// <param name="Steps">The steps (canary) or the single split (A/B).</param>
/// <param name="StartedAt">When it began.</param>
/// <param name="StepStartedAt">When the current step began.</param>
/// <param name="Arms">Per-arm counts and estimates.</param>
/// <param name="Tests">Each statistical test with its estimate, always-valid interval and p-value.</param>
/// <param name="Decision">The latest decision (Continue, Advance, Promote, Rollback, Freeze, Winner, Inconclusive...).</param>
/// <param name="Reason">Why, in words and numbers.</param>
/// <param name="History">Every decision that changed something, oldest first.</param>
[GenerateSerializer, Immutable, Alias("sf.ExperimentView")]
public sealed record ExperimentView(
    [property: Id(0)] string Id,
    [property: Id(1)] ReleaseKind Kind,
    [property: Id(2)] string Status,
    [property: Id(3)] string Control,
    [property: Id(4)] string Candidate,
    [property: Id(5)] double CandidatePercent,
    [property: Id(6)] int StepIndex,
    [property: Id(7)] IReadOnlyList<double> Steps,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] DateTimeOffset StepStartedAt,
    [property: Id(10)] IReadOnlyList<ArmView> Arms,
    [property: Id(11)] IReadOnlyList<TestView> Tests,
    [property: Id(12)] string Decision,
    [property: Id(13)] string Reason,
    [property: Id(14)] IReadOnlyList<ReleaseHistoryView> History);

/// <summary>One arm's counts and estimates.</summary>
/// <param name="Role">"control" or "candidate".</param>
[GenerateSerializer, Immutable, Alias("sf.ArmView")]
public sealed record ArmView(
    [property: Id(0)] string Role,
    [property: Id(1)] string Version,
    [property: Id(2)] long Requests,
    [property: Id(3)] long Errors,
    [property: Id(4)] double ErrorRate,
    [property: Id(5)] long SlowRequests,
    [property: Id(6)] double GeometricMeanLatencyMs,
    [property: Id(7)] long Rewards,
    [property: Id(8)] double MeanReward);

/// <summary>One sequential test: what it compares, the estimate, its always-valid interval, p-value and whether it rejected.</summary>
/// <param name="Name">For example "errors (count test)", "latency (mSPRT)", "sample ratio", "reward (mSPRT)".</param>
/// <param name="Estimate">Candidate minus control (or the observed share for count tests); null before burn-in.</param>
/// <param name="Lower">Lower bound of the always-valid interval; null when unbounded.</param>
/// <param name="Upper">Upper bound; null when unbounded.</param>
/// <param name="PValue">Always-valid p-value.</param>
/// <param name="Alpha">The test's α.</param>
/// <param name="Rejected">Whether the null hypothesis was rejected.</param>
[GenerateSerializer, Immutable, Alias("sf.TestView")]
public sealed record TestView(
    [property: Id(0)] string Name,
    [property: Id(1)] double? Estimate,
    [property: Id(2)] double? Lower,
    [property: Id(3)] double? Upper,
    [property: Id(4)] double PValue,
    [property: Id(5)] double Alpha,
    [property: Id(6)] bool Rejected);

/// <summary>One decision in a release's history.</summary>
[GenerateSerializer, Immutable, Alias("sf.ReleaseHistoryView")]
public sealed record ReleaseHistoryView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Action,
    [property: Id(2)] double CandidatePercent,
    [property: Id(3)] string Reason);
