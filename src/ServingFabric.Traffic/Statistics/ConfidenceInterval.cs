namespace ServingFabric.Traffic.Statistics;

/// <summary>An interval [Lower, Upper] for a difference (treatment - control).</summary>
public readonly record struct ConfidenceInterval(double Lower, double Upper)
{
    /// <summary>The interval that says nothing, used before there is enough data.</summary>
    public static ConfidenceInterval Unbounded { get; } = new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>Whether <paramref name="value"/> lies inside the interval (ends included).</summary>
    public bool Contains(double value) => Lower <= value && value <= Upper;

    /// <inheritdoc />
    public override string ToString() => $"[{Lower:0.#####}, {Upper:0.#####}]";
}
