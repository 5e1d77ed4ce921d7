namespace ServingFabric.Releases;

/// <summary>
/// What one front saw of one version since its last flush: mergeable aggregates (counts, Welford mean and M2 of
/// log-latency in ms and of rewards, and a latency histogram over <see cref="LatencyBuckets"/>), and for the
/// availability SLI the valid requests and the good ones among them (mirrored copies are in neither).
/// </summary>
[GenerateSerializer, Immutable, Alias("sf.VersionOutcomes")]
public sealed record VersionOutcomes(
    [property: Id(0)] string Version,
    [property: Id(1)] long Requests,
    [property: Id(2)] long Errors,
    [property: Id(3)] long SlowRequests,
    [property: Id(4)] long LatencyCount,
    [property: Id(5)] double LogLatencyMean,
    [property: Id(6)] double LogLatencyM2,
    [property: Id(7)] long RewardCount,
    [property: Id(8)] double RewardMean,
    [property: Id(9)] double RewardM2,
    [property: Id(10)] IReadOnlyList<long> LatencyHistogram,
    [property: Id(11)] long Valid = 0,
    [property: Id(12)] long Good = 0);

/// <summary>A front's flush to the router: per version, since its previous flush.</summary>
/// <param name="Reporter">The reporting silo and front, for logs.</param>
/// <param name="ExperimentId">The release the arms belong to (null: no release was running when recorded).</param>
/// <param name="Interval">How long the front collected (for rates).</param>
/// <param name="Versions">Per version aggregates of every request the fronts served (explicit version, default, split, mirrored): load signals.</param>
/// <param name="InFlight">Requests the fronts had in flight per version at the flush.</param>
/// <param name="Arms">Only requests the release's split assigned (and feedback rewards for them), per arm version, for <paramref name="ExperimentId"/>; the release statistics use these alone so explicit-version traffic cannot skew the split.</param>
[GenerateSerializer, Immutable, Alias("sf.OutcomeReport")]
public sealed record OutcomeReport(
    [property: Id(0)] string Reporter,
    [property: Id(1)] string? ExperimentId,
    [property: Id(2)] TimeSpan Interval,
    [property: Id(3)] IReadOnlyList<VersionOutcomes> Versions,
    [property: Id(4)] IReadOnlyDictionary<string, int>? InFlight = null,
    [property: Id(5)] IReadOnlyList<VersionOutcomes>? Arms = null);

/// <summary>Upper bounds (ms) of the latency histogram buckets fronts report; the last bucket is open-ended.</summary>
public static class LatencyBuckets
{
    /// <summary>Bucket upper bounds in milliseconds, ascending; values above the last go to an extra final bucket.</summary>
    public static IReadOnlyList<double> UpperBoundsMs { get; } =
        [0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];

    /// <summary>Number of buckets (bounds + the open-ended one).</summary>
    public static int Count => UpperBoundsMs.Count + 1;

    /// <summary>The bucket a latency falls in.</summary>
    public static int IndexOf(double milliseconds)
    {
        var bounds = UpperBoundsMs;
        int low = 0, high = bounds.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (milliseconds <= bounds[mid])
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1), as the upper bound of its bucket; null when empty.</summary>
    public static double? Quantile(IReadOnlyList<long> histogram, double q)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long total = 0;
        foreach (var count in histogram)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < histogram.Count; i++)
        {
            seen += histogram[i];
            if (seen >= Math.Max(rank, 1))
            {
                return i < UpperBoundsMs.Count ? UpperBoundsMs[i] : double.PositiveInfinity;
            }
        }

        return double.PositiveInfinity;
    }
}
