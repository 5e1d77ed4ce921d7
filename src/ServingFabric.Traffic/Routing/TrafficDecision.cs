namespace ServingFabric.Traffic.Routing;

/// <summary>What a front does with one request, as <see cref="TrafficPlan.Decide"/> chose it.</summary>
/// <param name="Version">The version that serves it.</param>
/// <param name="ExperimentId">The release whose split assigned it (so it counts in that release's arms); null otherwise.</param>
/// <param name="MirrorVersion">A version that also gets a copy whose answer is discarded; null for none.</param>
/// <param name="AbortStatus">Injected fault: answer with this status (500 or 503) instead of running; null for none.</param>
/// <param name="Delay">Injected fault: wait this long before running; null for none.</param>
public readonly record struct TrafficDecision(
    string Version,
    string? ExperimentId = null,
    string? MirrorVersion = null,
    int? AbortStatus = null,
    TimeSpan? Delay = null)
{
    /// <summary>Whether the release's split chose the version (the request counts in the release's arms).</summary>
    public bool SplitAssigned => ExperimentId is not null;
}
