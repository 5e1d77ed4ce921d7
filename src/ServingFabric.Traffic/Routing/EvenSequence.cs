namespace ServingFabric.Traffic.Routing;

/// <summary>
/// A deterministic sequence of numbers in [0, 1) spread as evenly as possible (an additive recurrence, or Weyl
/// sequence, with an irrational step): among any n consecutive values, the count below p stays within a few of n·p.
/// A front uses it where a request has nothing to hash (no routing key, no id) and for per-request shares such as
/// injected faults, so "abort 10 %" aborts one request in ten over any short window instead of a random number.
/// Not thread-safe: each front activation (one turn at a time) owns its own.
/// </summary>
/// <param name="step">The step as a fraction of 1; use one of the irrational steps here so that sequences used together are not correlated.</param>
public sealed class EvenSequence(double step)
{
    /// <summary>The golden ratio's fractional part, the step with the most even spread.</summary>
    public const double GoldenStep = 0.6180339887498949;

    /// <summary>√2 − 1; rationally independent of the golden step, so two sequences stepping these ways are jointly even.</summary>
    public const double SilverStep = 0.41421356237309503;

    /// <summary>√3 − 1; independent of the other two.</summary>
    public const double BronzeStep = 0.7320508075688772;

    /// <summary>√7 − 2; independent of the other three.</summary>
    public const double CopperStep = 0.6457513110645907;

    // Fixed point modulo 2^64: adding the step never loses precision, however long the front lives.
    private readonly ulong _step = (ulong)(step * 18446744073709551616.0);
    private ulong _state;

    /// <summary>The next value in [0, 1).</summary>
    public double Next()
    {
        _state += _step;
        return RoutingKeyHash.ToUnit(_state);
    }
}
