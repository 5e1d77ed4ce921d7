namespace ServingFabric.Optimization.Gate;

/// <summary>How many output values moved by at most <see cref="UpTo"/> (and more than the previous bin's bound).</summary>
/// <param name="UpTo">The bin's upper bound of the absolute difference; +∞ for the last bin.</param>
/// <param name="Count">Output values in the bin.</param>
public sealed record ErrorHistogramBin(double UpTo, long Count);
