namespace ServingFabric.Optimization.Gate;

/// <summary>How a candidate compares with its original on an evaluation set, and whether it passed the limits.</summary>
public sealed record GateReport
{
    public required OutputKind Kind { get; init; }

    public required string OutputName { get; init; }

    public required int Samples { get; init; }

    /// <summary>Classifiers: the share of samples with the original's top-1 class.</summary>
    public double? Top1Agreement { get; init; }

    /// <summary>Classifiers with labels: the original's share of right answers.</summary>
    public double? OriginalAccuracy { get; init; }

    /// <summary>Classifiers with labels: the candidate's share of right answers.</summary>
    public double? CandidateAccuracy { get; init; }

    public required double MaxAbsError { get; init; }

    public required double MeanAbsError { get; init; }

    /// <summary>The lowest cosine similarity of one sample's output vector to the original's.</summary>
    public required double MinCosineSimilarity { get; init; }

    public required double MeanCosineSimilarity { get; init; }

    /// <summary>Absolute differences of every output value, by decade: the shape that max and mean hide.</summary>
    public required IReadOnlyList<ErrorHistogramBin> ErrorHistogram { get; init; }

    public required GateLimits Limits { get; init; }

    /// <summary>Each limit broken, with the value measured; empty when the candidate passed.</summary>
    public required IReadOnlyList<string> Failures { get; init; }

    public bool Passed => Failures.Count == 0;
}
