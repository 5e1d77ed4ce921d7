using ServingFabric.Releases;

namespace ServingFabric.Grains.Releases;

/// <summary>
/// A version's latency histogram over a sliding window, kept as ten slots so old traffic drops out in steps of a
/// tenth of the window.
/// </summary>
internal sealed class LatencyWindow(TimeSpan length)
{
    private const int Slots = 10;
    private readonly Queue<(DateTimeOffset Start, long[] Counts)> _slots = new();

    public TimeSpan Length { get; } = length;

    private TimeSpan SlotLength => Length / Slots;

    public void Add(IReadOnlyList<long> histogram, DateTimeOffset now)
    {
        Prune(now);
        if (!_slots.TryPeek(out _) || _slots.Last().Start + SlotLength <= now)
        {
            _slots.Enqueue((now, new long[LatencyBuckets.Count]));
        }

        var counts = _slots.Last().Counts;
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] += histogram[i];
        }
    }

    public double? Quantile(double quantile, DateTimeOffset now)
    {
        Prune(now);
        var total = new long[LatencyBuckets.Count];
        foreach (var (_, counts) in _slots)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += counts[i];
            }
        }

        return LatencyBuckets.Quantile(total, quantile);
    }

    private void Prune(DateTimeOffset now)
    {
        while (_slots.TryPeek(out var oldest) && oldest.Start + SlotLength <= now - Length)
        {
            _slots.Dequeue();
        }
    }
}
