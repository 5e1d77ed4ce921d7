namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>The outcome of recording one result: the transition, why, and until when a replica stays out.</summary>
/// <param name="Transition">What changed.</param>
/// <param name="Reason">Why it was ejected, in words an operator can act on; null unless ejected.</param>
/// <param name="EjectedUntil">When the back-off ends; null unless ejected.</param>
public readonly record struct OutlierVerdict(OutlierTransition Transition, string? Reason = null, DateTimeOffset? EjectedUntil = null)
{
    /// <summary>Nothing changed.</summary>
    public static OutlierVerdict None => default;
}
