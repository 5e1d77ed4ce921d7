using ServingFabric.Grains.Scaling;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Scaling;

public sealed class ScalingSignalsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void InFlight_TwoFronts_SumsEachFrontsMeanOverTheWindow()
    {
        var signals = new ScalingSignals();
        signals.AddFront(Start, "front@a", 4, null);
        signals.AddFront(Start.AddSeconds(1), "front@a", 8, null);
        signals.AddFront(Start.AddSeconds(1), "front@b", 3, null);
        signals.AddReplicas(Start.AddSeconds(1), 5, 0);

        Assert.Equal(9, signals.InFlight());
    }

    [Fact]
    public void InFlight_ReplicasSeeMoreThanFrontsReport_TakesTheReplicas()
    {
        var signals = new ScalingSignals();
        signals.AddFront(Start, "front@a", 1, null);
        signals.AddReplicas(Start, 6, 2);
        signals.AddReplicas(Start.AddSeconds(1), 10, 4);

        Assert.Equal(8, signals.InFlight());
        Assert.Equal(3, signals.QueueDepth());
    }

    [Fact]
    public void Prune_SamplesOlderThanTheWindow_AreForgotten()
    {
        var signals = new ScalingSignals();
        signals.AddFront(Start, "front@a", 40, Histogram((5, 100)));
        signals.AddReplicas(Start, 40, 40);
        signals.AddFront(Start.AddSeconds(9), "front@a", 2, null);

        signals.Prune(Start.AddSeconds(11), TimeSpan.FromSeconds(10));

        Assert.Equal(2, signals.InFlight());
        Assert.Equal(0, signals.QueueDepth());
        Assert.Null(signals.P95LatencyMs(minSamples: 1));
    }

    [Fact]
    public void P95LatencyMs_HistogramsOfSeveralFlushes_MergesThem()
    {
        var signals = new ScalingSignals();
        signals.AddFront(Start, "front@a", 0, Histogram((10, 50)));
        signals.AddFront(Start, "front@b", 0, Histogram((10, 40), (300, 10)));

        // 100 requests: 90 at 10 ms, 10 at 300 ms; the 95th is among the slow ones.
        Assert.Equal(300, signals.P95LatencyMs(minSamples: 20));
        Assert.Null(signals.P95LatencyMs(minSamples: 101));
    }

    private static long[] Histogram(params (double Ms, long Count)[] buckets)
    {
        var histogram = new long[LatencyBuckets.Count];
        foreach (var (ms, count) in buckets)
        {
            histogram[LatencyBuckets.IndexOf(ms)] += count;
        }

        return histogram;
    }
}
