using ServingFabric.Traffic.Rollouts;
using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Tests.Statistics;

public sealed class AccumulatorTests
{
    [Fact]
    public void MeanAccumulator_Add_MatchesTwoPassFormulas()
    {
        double[] values = [3.5, 1e9 + 1, 1e9 + 2, 1e9 + 3, -4.25, 17];
        var accumulator = new MeanAccumulator();
        foreach (var v in values)
        {
            accumulator.Add(v);
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        Assert.Equal(values.Length, accumulator.Count);
        Assert.Equal(mean, accumulator.Mean, 1e-6);
        Assert.Equal(variance, accumulator.Variance, variance * 1e-12);
    }

    [Fact]
    public void MeanAccumulator_MergeOfPartitions_EqualsSequential()
    {
        var random = new Random(7);
        var sequential = new MeanAccumulator();
        var parts = Enumerable.Range(0, 5).Select(_ => new MeanAccumulator()).ToArray();
        for (var i = 0; i < 10_000; i++)
        {
            var x = random.NextGaussian(4.0, 0.7);
            sequential.Add(x);
            parts[random.Next(parts.Length)].Add(x);
        }

        var merged = new MeanAccumulator();
        merged.Merge(new MeanAccumulator());
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        Assert.Equal(sequential.Count, merged.Count);
        Assert.Equal(sequential.Mean, merged.Mean, 1e-12);
        Assert.Equal(sequential.M2, merged.M2, sequential.M2 * 1e-12);
    }

    [Fact]
    public void MeanAccumulator_Copy_IsIndependentAndEqual()
    {
        var original = new MeanAccumulator();
        original.Add(1);
        original.Add(2);

        var copy = original.Copy();
        Assert.Equal(original, copy);
        copy.Add(3);

        Assert.Equal(2, original.Count);
        Assert.NotEqual(original, copy);
    }

    [Fact]
    public void MeanAccumulator_Empty_HasZeroVariance()
    {
        var accumulator = new MeanAccumulator();
        accumulator.Add(5);

        Assert.Equal(0.0, accumulator.Variance);
    }

    [Fact]
    public void EventAccumulator_Merge_AddsCounts()
    {
        var a = new EventAccumulator();
        a.Add(true);
        a.Add(false);
        var b = new EventAccumulator();
        b.Add(3, 10);

        a.Merge(b);

        Assert.Equal(new EventAccumulator { Events = 4, Count = 12 }, a);
        Assert.Equal(4.0 / 12.0, a.Rate, 1e-15);
    }

    [Fact]
    public void EventAccumulator_MoreEventsThanTrials_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventAccumulator().Add(3, 2));
    }

    [Fact]
    public void ReleaseObservations_MergeOfDeltas_EqualsSequential()
    {
        var random = new Random(3);
        var sequential = new ReleaseObservations();
        var merged = new ReleaseObservations();
        for (var flush = 0; flush < 20; flush++)
        {
            var delta = new ReleaseObservations();
            for (var i = 0; i < 100; i++)
            {
                var latency = TimeSpan.FromMilliseconds(Math.Exp(random.NextGaussian(3, 0.5)));
                var failed = random.NextDouble() < 0.02;
                var slow = random.NextDouble() < 0.05;
                var arm = random.NextDouble() < 0.1;
                (arm ? sequential.Candidate : sequential.Control).RecordRequest(latency, failed, slow);
                (arm ? delta.Candidate : delta.Control).RecordRequest(latency, failed, slow);
            }

            merged.Merge(delta.Copy());
        }

        Assert.Equal(sequential.Control.Requests, merged.Control.Requests);
        Assert.Equal(sequential.Candidate.Errors, merged.Candidate.Errors);
        Assert.Equal(sequential.Candidate.SlowRequests, merged.Candidate.SlowRequests);
        Assert.Equal(sequential.Control.LogLatency.Mean, merged.Control.LogLatency.Mean, 1e-12);
        Assert.Equal(sequential.Candidate.LogLatency.M2, merged.Candidate.LogLatency.M2, 1e-9);
    }
}
