using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;

namespace ServingFabric.Optimization.Pipeline;

/// <summary>What was done to a model, what it saved, and the accuracy gate's verdict.</summary>
public sealed record OptimizationReport
{
    /// <summary>The steps taken, such as "int8 dynamic quantization (per-channel) of 3 nodes".</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    public required GraphLevel Level { get; init; }

    public required int QuantizedNodes { get; init; }

    public required long OriginalBytes { get; init; }

    public required long CandidateBytes { get; init; }

    /// <summary>Median session creation with every optimization on, as a silo loads it; null when not timed.</summary>
    public double? OriginalLoadMilliseconds { get; init; }

    public double? CandidateLoadMilliseconds { get; init; }

    /// <summary>The candidate's SHA-256, lower-case hex.</summary>
    public required string CandidateSha256 { get; init; }

    public required GateReport Gate { get; init; }

    public bool Passed => Gate.Passed;
}
