namespace ServingFabric.Contracts.Releases;

/// <summary>One arm of a release and what it has seen.</summary>
/// <param name="Role"><c>control</c> or <c>candidate</c>.</param>
/// <param name="Version">The arm's version.</param>
/// <param name="SharePercent">Its share of traffic now; null when it is neither control nor candidate.</param>
/// <param name="Requests">Requests it answered.</param>
/// <param name="Errors">Requests that failed.</param>
/// <param name="ErrorRate">Errors per request; null without requests.</param>
/// <param name="SlowRequests">Requests over the slow threshold.</param>
/// <param name="GeometricMeanLatencyMs">The geometric mean latency; null without requests.</param>
/// <param name="Rewards">Feedback rewards received.</param>
/// <param name="MeanReward">Their mean; null without rewards.</param>
public sealed record ArmResponse(
    string Role,
    string Version,
    double? SharePercent,
    long Requests,
    long Errors,
    double? ErrorRate,
    long SlowRequests,
    double? GeometricMeanLatencyMs,
    long Rewards,
    double? MeanReward);
