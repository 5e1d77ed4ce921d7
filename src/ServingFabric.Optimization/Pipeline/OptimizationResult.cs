namespace ServingFabric.Optimization.Pipeline;

/// <summary>The candidate model and its report; register the candidate only when <see cref="OptimizationReport.Passed"/>.</summary>
public sealed record OptimizationResult(byte[] Candidate, OptimizationReport Report);
