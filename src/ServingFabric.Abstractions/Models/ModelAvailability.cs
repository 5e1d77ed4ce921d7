namespace ServingFabric.Models;

/// <summary>
/// The availability SLI over one rolling window: good requests / valid requests, and what is left of the error budget
/// the objective allows.
/// </summary>
/// <param name="Window">The window's name: <c>5m</c>, <c>1h</c>, <c>1d</c> or <c>30d</c>.</param>
/// <param name="Valid">Requests that count: answered, failed by the server, refused (429) or timed out; not client errors.</param>
/// <param name="Good">Valid requests answered (not failed, not refused) within the latency objective.</param>
[GenerateSerializer, Immutable, Alias("sf.AvailabilityWindow")]
public sealed record AvailabilityWindow(
    [property: Id(0)] string Window,
    [property: Id(1)] long Valid,
    [property: Id(2)] long Good)
{
    /// <summary>Good / valid; null without valid requests (no traffic is not 100 %).</summary>
    public double? Sli => Valid > 0 ? (double)Good / Valid : null;

    /// <summary>
    /// The share of the error budget left for <paramref name="objective"/>: 1 untouched, 0 spent, negative overspent;
    /// null without valid requests.
    /// </summary>
    public double? ErrorBudgetRemaining(double objective) => Sli is { } sli ? 1 - ((1 - sli) / (1 - objective)) : null;
}

/// <summary>One version's SLI windows.</summary>
[GenerateSerializer, Immutable, Alias("sf.VersionAvailability")]
public sealed record VersionAvailability(
    [property: Id(0)] string Version,
    [property: Id(1)] IReadOnlyList<AvailabilityWindow> Windows);

/// <summary>A model's availability as its router measured it from every front's reports: the whole model, and per version.</summary>
/// <param name="Objective">The model's objective (config.json <c>slo</c>, default 99.9 % within 1 s).</param>
/// <param name="Windows">The whole model (every version, retired ones included while their requests are in a window).</param>
/// <param name="Versions">Each version with requests in the last 30 days.</param>
[GenerateSerializer, Immutable, Alias("sf.ModelAvailability")]
public sealed record ModelAvailability(
    [property: Id(0)] ServiceLevelObjective Objective,
    [property: Id(1)] IReadOnlyList<AvailabilityWindow> Windows,
    [property: Id(2)] IReadOnlyList<VersionAvailability> Versions);
