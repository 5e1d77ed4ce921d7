using ServingFabric.Releases;

namespace ServingFabric.Grains.Scaling;

/// <summary>
/// The load signals of one version over a sliding window, kept in the router's memory (a new activation starts
/// empty and has a full window again after one window): what fronts reported in their flushes (requests in flight,
/// latency histograms) and what the supervisor's probes saw on the replicas (in flight, queue depth).
/// </summary>
internal sealed class ScalingSignals
{
    private const int MaxSamples = 4096;
    private readonly List<(DateTimeOffset At, string Reporter, int InFlight)> _fronts = [];
    private readonly List<(DateTimeOffset At, IReadOnlyList<long> Histogram)> _latency = [];
    private readonly List<(DateTimeOffset At, int InFlight, int QueueDepth)> _replicas = [];

    public void AddFront(DateTimeOffset at, string reporter, int inFlight, IReadOnlyList<long>? histogram)
    {
        Add(_fronts, (at, reporter, inFlight));
        if (histogram is { Count: > 0 })
        {
            Add(_latency, (at, histogram));
        }
    }

    public void AddReplicas(DateTimeOffset at, int inFlight, int queueDepth) => Add(_replicas, (at, inFlight, queueDepth));

    public void Prune(DateTimeOffset now, TimeSpan window)
    {
        _fronts.RemoveAll(s => now - s.At > window);
        _latency.RemoveAll(s => now - s.At > window);
        _replicas.RemoveAll(s => now - s.At > window);
    }

    /// <summary>
    /// Requests in flight: the larger of what fronts report (each front's mean over the window, summed over fronts)
    /// and what the replicas report (their sum, averaged over the probes in the window). Both see the same requests;
    /// fronts also count those waiting for admission, replicas those sent by fronts that have not flushed yet.
    /// </summary>
    public double InFlight()
    {
        var fronts = _fronts.GroupBy(s => s.Reporter, StringComparer.Ordinal).Sum(g => g.Average(s => s.InFlight));
        var replicas = _replicas.Count == 0 ? 0 : _replicas.Average(s => s.InFlight);
        return Math.Max(fronts, replicas);
    }

    public double QueueDepth() => _replicas.Count == 0 ? 0 : _replicas.Average(s => s.QueueDepth);

    /// <summary>p95 latency in ms of the requests in the window; null with fewer than <paramref name="minSamples"/>.</summary>
    public double? P95LatencyMs(int minSamples)
    {
        var merged = new long[LatencyBuckets.Count];
        foreach (var (_, histogram) in _latency)
        {
            for (var i = 0; i < histogram.Count && i < merged.Length; i++)
            {
                merged[i] += histogram[i];
            }
        }

        if (merged.Sum() < minSamples || LatencyBuckets.Quantile(merged, 0.95) is not { } p95)
        {
            return null;
        }

        // The open-ended last bucket has no upper bound; past the last bound is past any sensible target.
        return double.IsFinite(p95) ? p95 : LatencyBuckets.UpperBoundsMs[^1];
    }

    private static void Add<T>(List<T> samples, T sample)
    {
        samples.Add(sample);
        if (samples.Count > MaxSamples)
        {
            samples.RemoveRange(0, samples.Count - MaxSamples);
        }
    }
}
