namespace ServingFabric.Optimization.Gate;

/// <summary>What a candidate must keep to pass the accuracy gate.</summary>
public sealed record GateLimits
{
    /// <summary>Classifiers: the share of samples whose top-1 class is the original's. Default 0.99.</summary>
    public double MinTop1Agreement { get; init; } = 0.99;

    /// <summary>Classifiers with labels: how much lower the candidate's accuracy may be, as a fraction (0.01 = 1 point). Default 0.01.</summary>
    public double MaxAccuracyDrop { get; init; } = 0.01;

    /// <summary>Regressors: the smallest cosine similarity of any sample's output to the original's. Default 0.99.</summary>
    public double MinCosineSimilarity { get; init; } = 0.99;

    /// <summary>Regressors: the largest absolute difference of any output value; null checks none. Default null.</summary>
    public double? MaxAbsError { get; init; }
}
