using ServingFabric.Inference;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>Rewards for answered requests reach the arm that served them, once, and only from the gateway that answered.</summary>
[Collection(TrafficClusterCollection.Name)]
public sealed class FeedbackTests(TrafficClusterFixture fixture)
{
    private const string Model = "feedback";

    [Fact]
    public async Task RecordFeedback_RequestsServedDuringAbTest_RewardsInArmsOnlyForSplitRequests()
    {
        fixture.Traffic.Set(Model, new TrafficPolicy([new("1", 50), new("2", 50)], Experiment: new ExperimentArms("release-f", ReleaseKind.AbTest, "1", "2")));
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Model);
        var split = await fixture.InferAsync(Model, 1, id: "fb-split");
        await fixture.InferAsync(Model, 2, version: "2", id: "fb-explicit");

        var splitReceipt = await front.RecordFeedback("fb-split", 0.75);
        var explicitReceipt = await front.RecordFeedback("fb-explicit", 0.25);
        var again = await Assert.ThrowsAsync<InferenceException>(() => front.RecordFeedback("fb-split", 1));
        var reports = await fixture.Traffic.WaitForReportsAsync(Model, reports => reports.SelectMany(r => r.Versions).Sum(v => v.RewardCount) >= 2);

        Assert.Equal(new FeedbackReceipt("fb-split", split.ModelVersion, "release-f"), splitReceipt);
        Assert.Equal(new FeedbackReceipt("fb-explicit", "2", null), explicitReceipt);
        Assert.Equal(InferenceErrorKind.Conflict, again.Kind);
        var arm = Assert.Single(reports.SelectMany(r => r.Arms ?? []), a => a.RewardCount > 0);
        Assert.Equal((split.ModelVersion, 1L, 0.75), (arm.Version, arm.RewardCount, arm.RewardMean));
        Assert.Equal(2, reports.SelectMany(r => r.Versions).Sum(v => v.RewardCount));
    }

    [Fact]
    public async Task RecordFeedback_UnknownIdOrOtherModel_NotFoundSayingWhereToSendIt()
    {
        fixture.Traffic.Set(Model, new TrafficPolicy([new("1", 50), new("2", 50)], Experiment: new ExperimentArms("release-f", ReleaseKind.AbTest, "1", "2")));
        await fixture.InferAsync(Model, 3, id: "fb-known");

        var unknown = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IInferenceFrontGrain>(Model).RecordFeedback("fb-never", 1));
        var otherModel = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IInferenceFrontGrain>("split").RecordFeedback("fb-known", 1));

        Assert.Equal(InferenceErrorKind.NotFound, unknown.Kind);
        Assert.Equal(
            "request id 'fb-never' was not served by this gateway for model 'feedback' in the last 10 min or no release was running; send feedback to the gateway that answered the request",
            unknown.Message);
        Assert.Equal(InferenceErrorKind.NotFound, otherModel.Kind);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task RecordFeedback_RewardNotFinite_InvalidInput(double reward)
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IInferenceFrontGrain>(Model).RecordFeedback("any", reward));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Contains("finite number", error.Message, StringComparison.Ordinal);
    }
}
