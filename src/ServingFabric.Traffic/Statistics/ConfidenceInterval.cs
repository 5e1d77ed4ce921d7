namespace ServingFabric.Traffic.Statistics;

/// <summary>An interval [Lower, Upper] for a difference (treatment - control).</summary>
[GenerateSerializer, Immutable, Alias("sf.ConfidenceInterval")]
public readonly record struct ConfidenceInterval([property: Id(0)] double Lower, [property: Id(1)] double Upper)
{
    /// <summary>The interval that says nothing, used before there is enough data.</summary>
    public static ConfidenceInterval Unbounded { get; } = new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>Whether <paramref name="value"/> lies inside the interval (ends included).</summary>
    public bool Contains(double value) => Lower <= value && value <= Upper;

    /// <inheritdoc />
    /// <remarks>Before burn-in both ends are infinite: that reads "unbounded (not enough data yet)", not "[-Infinity, Infinity]".</remarks>
    public override string ToString() => double.IsInfinity(Lower) && double.IsInfinity(Upper)
        ? "unbounded (not enough data yet)"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{End(Lower)}, {End(Upper)}]");

    private static string End(double value) => double.IsInfinity(value)
        ? (value > 0 ? "+inf" : "-inf")
        : value.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture);
}
