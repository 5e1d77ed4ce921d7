using ServingFabric.Inference;
using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Traffic.Tests.Routing;

public sealed class OutcomeAccumulatorTests
{
    [Theory]
    [InlineData(null, RequestOutcome.Answered)]
    [InlineData(InferenceErrorKind.Internal, RequestOutcome.ServerError)]
    [InlineData(InferenceErrorKind.Unavailable, RequestOutcome.ServerError)]
    [InlineData(InferenceErrorKind.DeadlineExceeded, RequestOutcome.ServerError)]
    [InlineData(InferenceErrorKind.QueueFull, RequestOutcome.Refused)]
    [InlineData(InferenceErrorKind.InvalidInput, RequestOutcome.CallerError)]
    [InlineData(InferenceErrorKind.NotFound, RequestOutcome.CallerError)]
    [InlineData(InferenceErrorKind.TooLarge, RequestOutcome.CallerError)]
    [InlineData(InferenceErrorKind.Forbidden, RequestOutcome.CallerError)]
    public void Of_ErrorKind_OutcomeAsReleasesCountIt(InferenceErrorKind? kind, RequestOutcome expected) =>
        Assert.Equal(expected, RequestOutcomes.Of(kind));

    [Fact]
    public void Add_MixedOutcomes_CountsErrorsSlowAndLatencyOfServedOnly()
    {
        var accumulator = new OutcomeAccumulator();
        var slow = TimeSpan.FromMilliseconds(100);

        accumulator.Add(RequestOutcome.Answered, TimeSpan.FromMilliseconds(10), slow);
        accumulator.Add(RequestOutcome.Answered, TimeSpan.FromMilliseconds(250), slow);
        accumulator.Add(RequestOutcome.ServerError, TimeSpan.FromMilliseconds(1), slow);
        accumulator.Add(RequestOutcome.Refused, TimeSpan.FromMilliseconds(2), slow);
        accumulator.Add(RequestOutcome.CallerError, TimeSpan.FromMilliseconds(900), slow);
        accumulator.Add(RequestOutcome.Abandoned, TimeSpan.FromMilliseconds(900), slow);
        var outcomes = accumulator.ToOutcomes("2");

        Assert.Equal(("2", 6L, 1L, 1L, 4L), (outcomes.Version, outcomes.Requests, outcomes.Errors, outcomes.SlowRequests, outcomes.LatencyCount));
        Assert.Equal((Math.Log(10) + Math.Log(250) + Math.Log(1) + Math.Log(2)) / 4, outcomes.LogLatencyMean, 12);
        Assert.Equal(LatencyBuckets.Count, outcomes.LatencyHistogram.Count);
        Assert.Equal(1, outcomes.LatencyHistogram[LatencyBuckets.IndexOf(250)]);
        Assert.Equal(4, outcomes.LatencyHistogram.Sum());
    }

    [Fact]
    public void Add_NoSlowThreshold_NothingSlow()
    {
        var accumulator = new OutcomeAccumulator();

        accumulator.Add(RequestOutcome.Answered, TimeSpan.FromMinutes(5), slowThreshold: null);

        Assert.Equal(0, accumulator.SlowRequests);
    }

    [Fact]
    public void Merge_TwoHalves_SameAsOneAccumulatorOfAll()
    {
        var random = new Random(21);
        var (all, first, second) = (new OutcomeAccumulator(), new OutcomeAccumulator(), new OutcomeAccumulator());
        for (var i = 0; i < 5_000; i++)
        {
            var latency = TimeSpan.FromMilliseconds(Math.Exp(random.NextDouble() * 6));
            var outcome = random.NextDouble() < 0.05 ? RequestOutcome.ServerError : RequestOutcome.Answered;
            var reward = random.NextDouble();
            foreach (var target in new[] { all, i < 1_234 ? first : second })
            {
                target.Add(outcome, latency, TimeSpan.FromMilliseconds(200));
                target.AddReward(reward);
            }
        }

        var merged = OutcomeAccumulator.Merge(first.ToOutcomes("1"), second.ToOutcomes("1"));
        var expected = all.ToOutcomes("1");

        Assert.Equal((expected.Requests, expected.Errors, expected.SlowRequests, expected.LatencyCount, expected.RewardCount),
            (merged.Requests, merged.Errors, merged.SlowRequests, merged.LatencyCount, merged.RewardCount));
        Assert.Equal(expected.LogLatencyMean, merged.LogLatencyMean, 10);
        Assert.Equal(expected.LogLatencyM2, merged.LogLatencyM2, 6);
        Assert.Equal(expected.RewardMean, merged.RewardMean, 10);
        Assert.Equal(expected.RewardM2, merged.RewardM2, 6);
        Assert.Equal(expected.LatencyHistogram, merged.LatencyHistogram);
    }

    [Fact]
    public void Merge_DifferentVersions_Throws()
    {
        var outcomes = new OutcomeAccumulator().ToOutcomes("1");

        var error = Assert.Throws<ArgumentException>(() => OutcomeAccumulator.Merge(outcomes, outcomes with { Version = "2" }));

        Assert.Contains("'2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_AfterRecording_EmptyAgain()
    {
        var accumulator = new OutcomeAccumulator();
        accumulator.Add(RequestOutcome.ServerError, TimeSpan.FromMilliseconds(3), TimeSpan.Zero);
        accumulator.AddReward(1);

        accumulator.Reset();

        Assert.True(accumulator.IsEmpty);
        Assert.Equal(new OutcomeAccumulator().ToOutcomes("1") with { LatencyHistogram = [] }, accumulator.ToOutcomes("1") with { LatencyHistogram = [] });
        Assert.All(accumulator.ToOutcomes("1").LatencyHistogram, count => Assert.Equal(0, count));
    }
}
