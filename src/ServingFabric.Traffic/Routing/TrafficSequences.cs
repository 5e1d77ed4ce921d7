namespace ServingFabric.Traffic.Routing;

/// <summary>
/// One front activation's even sequences, one per decision so that they are not correlated: the split of requests
/// with nothing to hash, the mirrored share of those, and the aborted and delayed shares of injected faults.
/// Not thread-safe, like <see cref="EvenSequence"/>.
/// </summary>
public sealed class TrafficSequences
{
    /// <summary>Versions for requests with neither routing key nor id.</summary>
    public EvenSequence Split { get; } = new(EvenSequence.GoldenStep);

    /// <summary>Mirroring of requests with neither routing key nor id.</summary>
    public EvenSequence Mirror { get; } = new(EvenSequence.SilverStep);

    /// <summary>Injected aborts.</summary>
    public EvenSequence Abort { get; } = new(EvenSequence.BronzeStep);

    /// <summary>Injected delays.</summary>
    public EvenSequence Delay { get; } = new(EvenSequence.CopperStep);
}
