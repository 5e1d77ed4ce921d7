namespace ServingFabric.Releases;

/// <summary>
/// How fronts split a model's unversioned requests, what they mirror, which faults they inject and which versions
/// they record outcomes for. Part of the routing table; changed only by the router.
/// </summary>
/// <param name="Weights">Versions that receive unversioned requests and their share in percent (summing to 100). Empty: all to the default version.</param>
/// <param name="Mirror">A share of requests also sent to a shadow version whose answers are discarded; null: no mirroring.</param>
/// <param name="Faults">Injected faults per version (operators rehearsing a rollback); empty: none.</param>
/// <param name="Experiment">The running canary or A/B test whose arms fronts record outcomes for; null: none.</param>
[GenerateSerializer, Immutable, Alias("sf.TrafficPolicy")]
public sealed record TrafficPolicy(
    [property: Id(0)] IReadOnlyList<VersionWeight> Weights,
    [property: Id(1)] MirrorPolicy? Mirror = null,
    [property: Id(2)] IReadOnlyList<FaultInjection>? Faults = null,
    [property: Id(3)] ExperimentArms? Experiment = null)
{
    /// <summary>No split, no mirror, no faults, no experiment.</summary>
    public static TrafficPolicy None { get; } = new([]);
}

/// <summary>A version's share of unversioned requests.</summary>
[GenerateSerializer, Immutable, Alias("sf.VersionWeight")]
public sealed record VersionWeight([property: Id(0)] string Version, [property: Id(1)] double Percent);

/// <summary>Shadow traffic: <paramref name="Percent"/> of requests are also sent to <paramref name="Version"/>, answers discarded.</summary>
[GenerateSerializer, Immutable, Alias("sf.MirrorPolicy")]
public sealed record MirrorPolicy([property: Id(0)] string Version, [property: Id(1)] double Percent);

/// <summary>
/// Faults injected into a version's requests at the front (like Istio's HTTP fault injection): a share aborted with
/// an error status, a share delayed. Admin-only; visible in status and events.
/// </summary>
/// <param name="Version">The version whose requests are affected.</param>
/// <param name="AbortPercent">Share of requests answered with <paramref name="AbortStatus"/> instead of running, in percent.</param>
/// <param name="AbortStatus">HTTP status of aborted requests: 500 or 503.</param>
/// <param name="DelayPercent">Share of requests delayed before running, in percent.</param>
/// <param name="Delay">How long a delayed request waits.</param>
[GenerateSerializer, Immutable, Alias("sf.FaultInjection")]
public sealed record FaultInjection(
    [property: Id(0)] string Version,
    [property: Id(1)] double AbortPercent,
    [property: Id(2)] int AbortStatus,
    [property: Id(3)] double DelayPercent,
    [property: Id(4)] TimeSpan Delay);

/// <summary>The arms fronts record outcomes for while a canary or A/B test runs.</summary>
/// <param name="Id">Identifies the release and its current split: fronts record arms under it, and the router ignores outcomes recorded under an older release or split.</param>
/// <param name="Kind">Canary or A/B test.</param>
/// <param name="Control">The stable version (canary) or arm A.</param>
/// <param name="Candidate">The canary version or arm B.</param>
/// <param name="SlowThreshold">Latency above which a request counts as slow (the control's p95 before the release); null: none counted.</param>
/// <param name="ReleaseId">The release's own id, as operators see it (<c>GET /v1/models/{name}/experiment</c>); null: <paramref name="Id"/>.</param>
[GenerateSerializer, Immutable, Alias("sf.ExperimentArms")]
public sealed record ExperimentArms(
    [property: Id(0)] string Id,
    [property: Id(1)] ReleaseKind Kind,
    [property: Id(2)] string Control,
    [property: Id(3)] string Candidate,
    [property: Id(4)] TimeSpan? SlowThreshold = null,
    [property: Id(5)] string? ReleaseId = null);

/// <summary>Kind of a progressive release.</summary>
public enum ReleaseKind
{
    /// <summary>A canary: stepwise traffic shift, rollback on harm, promotion at the end.</summary>
    Canary = 0,

    /// <summary>An A/B test: a fixed split, the winner on the primary metric promoted.</summary>
    AbTest = 1,
}
