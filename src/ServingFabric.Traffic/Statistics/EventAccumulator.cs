namespace ServingFabric.Traffic.Statistics;

/// <summary>k events out of n trials (failed requests out of requests, say); merging simply adds.</summary>
[GenerateSerializer, Alias("sf.EventAccumulator")]
public sealed record EventAccumulator
{
    /// <summary>Trials seen (n).</summary>
    [Id(0)]
    public long Count { get; set; }

    /// <summary>Trials that were events (k).</summary>
    [Id(1)]
    public long Events { get; set; }

    /// <summary>k / n; 0 when empty.</summary>
    public double Rate => Count > 0 ? (double)Events / Count : 0.0;

    /// <summary>Adds one trial.</summary>
    public void Add(bool isEvent)
    {
        Count++;
        if (isEvent)
        {
            Events++;
        }
    }

    /// <summary>Adds <paramref name="events"/> events out of <paramref name="count"/> trials.</summary>
    public void Add(long events, long count)
    {
        if (count < 0 || events < 0 || events > count)
        {
            throw new ArgumentOutOfRangeException(nameof(events), $"Need 0 ≤ events ≤ count; got {events} events of {count}.");
        }

        Count += count;
        Events += events;
    }

    /// <summary>Adds every trial that <paramref name="other"/> has seen.</summary>
    public void Merge(EventAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Count += other.Count;
        Events += other.Events;
    }

    /// <summary>An independent copy.</summary>
    public EventAccumulator Copy() => this with { };
}
