namespace ServingFabric.Traffic.Statistics;

/// <summary>Whether a treatment is shown to be no worse than control by more than a margin, and why.</summary>
/// <param name="IsNonInferior">True when the interval's upper bound lies below the margin.</param>
/// <param name="Reason">The metric, the bound and the margin, in words.</param>
public sealed record NonInferiorityResult(bool IsNonInferior, string Reason);
