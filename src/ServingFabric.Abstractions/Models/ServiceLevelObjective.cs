namespace ServingFabric.Models;

/// <summary>
/// A model's service-level objective, from config.json's <c>slo</c>: a request is good when it was answered (not failed
/// with 5xx, not refused with 429, deadline not passed) within <paramref name="LatencyMs"/>; the objective is the share
/// of valid requests (the caller's own errors and abandoned calls excluded) that must be good.
/// </summary>
/// <param name="Availability">Target share of good requests, above 0 and below 1 (0.999: 43 min of budget in 30 days).</param>
/// <param name="LatencyMs">Latency objective in milliseconds: slower requests are not good.</param>
[GenerateSerializer, Immutable, Alias("sf.ServiceLevelObjective")]
public sealed record ServiceLevelObjective(
    [property: Id(0)] double Availability = ServiceLevelObjective.DefaultAvailability,
    [property: Id(1)] double LatencyMs = ServiceLevelObjective.DefaultLatencyMs)
{
    /// <summary>99.9 %, EN 18031 6.4.3's availability target.</summary>
    public const double DefaultAvailability = 0.999;

    /// <summary>One second: "sub-second latency".</summary>
    public const double DefaultLatencyMs = 1000;

    /// <summary>The longest latency objective config.json accepts (one hour).</summary>
    public const double MaxLatencyMs = 3_600_000;

    /// <summary>The objective when config.json sets none.</summary>
    public static ServiceLevelObjective Default { get; } = new();
}
