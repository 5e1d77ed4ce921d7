namespace ServingFabric.Traffic.Rollouts;

/// <summary>What an A/B decision asks the caller to do.</summary>
public enum AbAction
{
    /// <summary>Keep the split.</summary>
    Continue,

    /// <summary>Promote the winning version.</summary>
    Winner,

    /// <summary>No winner within the sample cap: keep the control.</summary>
    Inconclusive,

    /// <summary>Keep the split, declare nothing, alert: the traffic split is broken.</summary>
    Freeze,
}
