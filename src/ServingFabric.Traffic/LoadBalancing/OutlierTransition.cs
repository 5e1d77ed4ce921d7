namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>What an outcome changed about a replica's place in rotation.</summary>
public enum OutlierTransition
{
    /// <summary>Nothing changed.</summary>
    None,
    /// <summary>The replica was taken out of rotation.</summary>
    Ejected,
    /// <summary>A probe failed: the replica stays out for a longer back-off.</summary>
    Reejected,
    /// <summary>The replica answered after its back-off and is back in rotation.</summary>
    Recovered,
}
