namespace ServingFabric.Optimization.Gate;

/// <summary>How the gate reads the compared output.</summary>
public enum OutputKind
{
    /// <summary>Scores or probabilities per class (last axis): the top-1 class is what must agree.</summary>
    Classification,

    /// <summary>Values or embeddings: how far they moved is what is limited.</summary>
    Regression,
}
