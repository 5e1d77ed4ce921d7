namespace ServingFabric.Contracts.Traffic;

/// <summary>The faults injected into one version.</summary>
/// <param name="Version">The version.</param>
/// <param name="AbortPercent">The share of its requests answered with <paramref name="AbortStatus"/> instead of running.</param>
/// <param name="AbortStatus">500 or 503.</param>
/// <param name="DelayPercent">The share of its requests delayed by <paramref name="DelayMs"/>.</param>
/// <param name="DelayMs">The delay in milliseconds.</param>
public sealed record FaultResponse(string Version, double? AbortPercent, int AbortStatus, double? DelayPercent, double? DelayMs);
