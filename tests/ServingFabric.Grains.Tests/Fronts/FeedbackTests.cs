using ServingFabric.Inference;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// Rewards for answered requests reach the arm that served them, once, only from the gateway that answered, only for
/// the caller that sent the request, and only within the reward range.
/// </summary>
[Collection(TrafficClusterCollection.Name)]
public sealed class FeedbackTests(TrafficClusterFixture fixture)
{
    private const string Model = "feedback";

    // The caller and range tests reward a model of their own, so the arm test above counts only its own rewards.
    private const string BoundModel = "feedback-bound";
    private const string Alice = "key:alice";
    private const string Mallory = "key:mallory";
    private static readonly TrafficPolicy AbTest = new([new("1", 50), new("2", 50)], Experiment: new ExperimentArms("release-f", ReleaseKind.AbTest, "1", "2"));

    [Fact]
    public async Task RecordFeedback_RequestsServedDuringAbTest_RewardsInArmsOnlyForSplitRequests()
    {
        fixture.Traffic.Set(Model, new TrafficPolicy([new("1", 50), new("2", 50)], Experiment: new ExperimentArms("release-f", ReleaseKind.AbTest, "1", "2")));
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Model);
        var split = await fixture.InferAsync(Model, 1, id: "fb-split", caller: Alice);
        await fixture.InferAsync(Model, 2, version: "2", id: "fb-explicit", caller: Alice);

        var splitReceipt = await front.RecordFeedback("fb-split", Alice, 0.75);
        var explicitReceipt = await front.RecordFeedback("fb-explicit", Alice, 0.25);
        var again = await Assert.ThrowsAsync<InferenceException>(() => front.RecordFeedback("fb-split", Alice, 1));
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
        await fixture.InferAsync(Model, 3, id: "fb-known", caller: Alice);

        var unknown = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IInferenceFrontGrain>(Model).RecordFeedback("fb-never", Alice, 1));
        var otherModel = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IInferenceFrontGrain>("split").RecordFeedback("fb-known", Alice, 1));

        Assert.Equal(InferenceErrorKind.NotFound, unknown.Kind);
        Assert.Equal(
            "request id 'fb-never' was not served to caller 'key:alice' by this gateway for model 'feedback' in the last 10 min or no release was running; send feedback with the credentials that made the request, to the gateway that answered it",
            unknown.Message);
        Assert.Equal(InferenceErrorKind.NotFound, otherModel.Kind);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task RecordFeedback_RewardNotFinite_InvalidInput(double reward)
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IInferenceFrontGrain>(Model).RecordFeedback("any", Alice, reward));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Contains("finite number within [-1, 1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-1.0001)]
    [InlineData(1e9)]
    public async Task RecordFeedback_RewardOutsideRange_InvalidInputNamingRangeAndNothingClaimed(double reward)
    {
        fixture.Traffic.Set(BoundModel, AbTest);
        var id = $"fb-bounds-{reward}";
        await fixture.InferAsync(BoundModel, 4, id: id, caller: Alice);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(BoundModel);

        var error = await Assert.ThrowsAsync<InferenceException>(() => front.RecordFeedback(id, Alice, reward));
        var inRange = await front.RecordFeedback(id, Alice, 1);

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Contains("within [-1, 1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:Inference:FeedbackRewardMin", error.Message, StringComparison.Ordinal);
        Assert.Equal(id, inRange.RequestId);
    }

    [Fact]
    public async Task RecordFeedback_AttackerRewardsVictimsId_NotFoundAndVictimStillRewards()
    {
        fixture.Traffic.Set(BoundModel, AbTest);
        await fixture.InferAsync(BoundModel, 5, version: "1", id: "fb-victim", caller: Alice);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(BoundModel);

        var attack = await Assert.ThrowsAsync<InferenceException>(() => front.RecordFeedback("fb-victim", Mallory, 1));
        var victim = await front.RecordFeedback("fb-victim", Alice, -1);

        Assert.Equal(InferenceErrorKind.NotFound, attack.Kind);
        Assert.Equal(new FeedbackReceipt("fb-victim", "1", null), victim);
    }

    [Fact]
    public async Task RecordFeedback_AttackerReusesVictimsIdFirst_VictimEntryNeitherRewrittenNorBlocked()
    {
        fixture.Traffic.Set(BoundModel, AbTest);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(BoundModel);
        await fixture.InferAsync(BoundModel, 6, version: "2", id: "fb-reused", caller: Mallory);
        var attackersOwn = await front.RecordFeedback("fb-reused", Mallory, 1);
        await fixture.InferAsync(BoundModel, 7, version: "1", id: "fb-reused", caller: Alice);
        await fixture.InferAsync(BoundModel, 8, version: "2", id: "fb-reused", caller: Mallory);

        var victim = await front.RecordFeedback("fb-reused", Alice, 0.5);
        var again = await Assert.ThrowsAsync<InferenceException>(() => front.RecordFeedback("fb-reused", Alice, 0.5));

        Assert.Equal("2", attackersOwn.Version);
        Assert.Equal(new FeedbackReceipt("fb-reused", "1", null), victim);
        Assert.Equal(InferenceErrorKind.Conflict, again.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task RecordFeedback_NoCaller_InvalidInput(string? caller)
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IInferenceFrontGrain>(Model).RecordFeedback("any", caller!, 1));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Contains("names no caller", error.Message, StringComparison.Ordinal);
    }
}
