using ServingFabric.Contracts.Releases;

namespace ServingFabric.Contracts.Traffic;

/// <summary>The arms of the running release, as the fronts split traffic between them.</summary>
/// <param name="Id">The release.</param>
/// <param name="Kind">Canary or A/B test.</param>
/// <param name="Control">The stable version.</param>
/// <param name="Candidate">The version under test.</param>
/// <param name="SlowThresholdMs">Above this latency a request counts as slow; null before a baseline exists.</param>
public sealed record ExperimentArmsResponse(
    string Id,
    ReleaseKind Kind,
    string Control,
    string Candidate,
    double? SlowThresholdMs);
