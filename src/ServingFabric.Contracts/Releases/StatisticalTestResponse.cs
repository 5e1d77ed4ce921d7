namespace ServingFabric.Contracts.Releases;

/// <summary>One always-valid sequential test of a release (mSPRT or a Beta-binomial count test).</summary>
/// <param name="Name">What it tests (errors, latency, reward, sample ratio, ...).</param>
/// <param name="Estimate">The estimated difference; null without data.</param>
/// <param name="Lower">The always-valid interval's lower end; null when unbounded.</param>
/// <param name="Upper">Its upper end; null when unbounded.</param>
/// <param name="PValue">The always-valid p-value; null when undefined.</param>
/// <param name="Alpha">The significance level.</param>
/// <param name="Rejected">Whether the null hypothesis is rejected.</param>
public sealed record StatisticalTestResponse(string Name, double? Estimate, double? Lower, double? Upper, double? PValue, double? Alpha, bool Rejected);
