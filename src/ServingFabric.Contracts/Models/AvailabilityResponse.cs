namespace ServingFabric.Contracts.Models;

/// <summary>
/// The availability SLI of a model or version as its router measured it from every gateway's requests: good requests
/// (answered, not failed or refused, within the latency objective) over valid ones (the caller's own errors and
/// abandoned calls excluded), over rolling windows, with the error budget the objective leaves.
/// </summary>
/// <param name="Objective">Target share of good requests (config.json <c>slo.availability</c>, default 0.999).</param>
/// <param name="LatencyObjectiveMs">Slower requests are not good (config.json <c>slo.latency_ms</c>, default 1000).</param>
/// <param name="Windows">5m, 1h, 1d and 30d, shortest first.</param>
public sealed record AvailabilityResponse(double Objective, double LatencyObjectiveMs, IReadOnlyList<AvailabilityWindowResponse> Windows);

/// <summary>One window of the SLI.</summary>
/// <param name="Window"><c>5m</c>, <c>1h</c>, <c>1d</c> or <c>30d</c>.</param>
/// <param name="Valid">Requests that count.</param>
/// <param name="Good">Valid requests that were good.</param>
/// <param name="Sli">Good / valid; null without valid requests.</param>
/// <param name="ErrorBudgetRemaining">Share of the error budget left: 1 untouched, 0 spent, negative overspent; null without valid requests.</param>
public sealed record AvailabilityWindowResponse(string Window, long Valid, long Good, double? Sli, double? ErrorBudgetRemaining);
