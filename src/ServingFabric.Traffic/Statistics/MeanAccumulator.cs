namespace ServingFabric.Traffic.Statistics;

/// <summary>
/// Count, mean and sum of squared deviations of a stream of values, updated in O(1) per value.
/// Welford (1962) for single values, because summing squares loses precision when the mean is large
/// relative to the spread (log-latencies are); Chan, Golub and LeVeque (1979) for merging two
/// accumulators exactly, because fronts flush partial accumulators that the grain combines.
/// </summary>
[GenerateSerializer, Alias("sf.MeanAccumulator")]
public sealed record MeanAccumulator
{
    /// <summary>Number of values added.</summary>
    [Id(0)]
    public long Count { get; set; }

    /// <summary>Mean of the values; 0 when empty.</summary>
    [Id(1)]
    public double Mean { get; set; }

    /// <summary>Sum of squared deviations from the mean (Welford's M2).</summary>
    [Id(2)]
    public double M2 { get; set; }

    /// <summary>Sample variance M2 / (n - 1); 0 with fewer than two values.</summary>
    public double Variance => Count > 1 ? M2 / (Count - 1) : 0.0;

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        M2 += delta * (value - Mean);
    }

    /// <summary>Adds every value that <paramref name="other"/> has seen, as if they had been added one by one.</summary>
    public void Merge(MeanAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            (Count, Mean, M2) = (other.Count, other.Mean, other.M2);
            return;
        }

        var total = Count + other.Count;
        var delta = other.Mean - Mean;
        Mean += delta * other.Count / total;
        M2 += other.M2 + (delta * delta * Count * other.Count / total);
        Count = total;
    }

    /// <summary>An independent copy; later changes to either do not affect the other.</summary>
    public MeanAccumulator Copy() => this with { };
}
