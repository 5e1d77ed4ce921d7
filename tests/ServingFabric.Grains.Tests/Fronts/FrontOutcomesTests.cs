using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Inference;
using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;
using static ServingFabric.Grains.Tests.Fronts.FrontTables;

namespace ServingFabric.Grains.Tests.Fronts;

public sealed class FrontOutcomesTests
{
    private static readonly TrafficPolicy Canary = new(
        [new VersionWeight("1", 90), new VersionWeight("2", 10)], Experiment: new ExperimentArms("rel-1#2", ReleaseKind.Canary, "1", "2", ReleaseId: "rel-1"));

    private const string Alice = "key:alice";
    private const string Mallory = "key:mallory";

    private static readonly TimeSpan Objective = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new();
    private readonly OutcomeCollector _collector;
    private readonly FrontOutcomes _outcomes;

    public FrontOutcomesTests()
    {
        _collector = new OutcomeCollector(Options.Create(new InferenceFrontOptions()), _time);
        _outcomes = new FrontOutcomes(_collector, new FeedbackLedger(100, TimeSpan.FromMinutes(10), _time), RewardRange.Default, _time);
    }

    [Fact]
    public void End_AnsweredWithoutARelease_CountsTheVersionAndRemembersNothingForFeedback()
    {
        var table = Table();
        var record = _outcomes.Begin("m", TrafficPlan.For(table), new TrafficDecision("1"), Objective);

        _outcomes.End(record, RequestOutcome.Answered, Request("r1"), Alice, _time.GetTimestamp());

        var version = Assert.Single(_collector.For("m").TakeReport("silo", _time.GetUtcNow())!.Versions);
        Assert.Equal(("1", 1L, 0L), (version.Version, version.Requests, version.Errors));
        Assert.Equal(InferenceErrorKind.NotFound, Assert.Throws<InferenceException>(() => _outcomes.Reward("m", Alice, table, "r1", 1)).Kind);
    }

    [Fact]
    public void End_OutcomesAroundTheLatencyObjective_CountValidAndGoodForTheSli()
    {
        var plan = TrafficPlan.For(Table());
        void Send(RequestOutcome outcome, int latencyMs)
        {
            var record = _outcomes.Begin("m", plan, new TrafficDecision("1"), Objective);
            var started = _time.GetTimestamp();
            _time.Advance(TimeSpan.FromMilliseconds(latencyMs));
            _outcomes.End(record, outcome, Request("r"), Alice, started);
        }

        Send(RequestOutcome.Answered, 100);     // at the objective: good
        Send(RequestOutcome.Answered, 101);     // slower: valid, not good
        Send(RequestOutcome.ServerError, 5);    // a 5xx: valid, not good
        Send(RequestOutcome.Refused, 5);        // a 429: valid, not good (the caller was not served)
        Send(RequestOutcome.CallerError, 5);    // the caller's mistake: not valid
        Send(RequestOutcome.Abandoned, 5);      // nobody waited: not valid

        var version = Assert.Single(_collector.For("m").TakeReport("silo", _time.GetUtcNow())!.Versions);
        Assert.Equal((6L, 4L, 1L), (version.Requests, version.Valid, version.Good));
    }

    [Fact]
    public void Reward_RequestTheReleasesSplitSentToTheCandidate_CountsForTheArmOnce()
    {
        var table = Table(traffic: Canary);
        var record = _outcomes.Begin("m", TrafficPlan.For(table), new TrafficDecision("2", ExperimentId: "rel-1#2"), Objective);
        _outcomes.End(record, RequestOutcome.Answered, Request("r1"), Alice, _time.GetTimestamp());

        var receipt = _outcomes.Reward("m", Alice, table, "r1", 0.5);

        Assert.Equal(new FeedbackReceipt("r1", "2", "rel-1"), receipt);
        var again = Assert.Throws<InferenceException>(() => _outcomes.Reward("m", Alice, table, "r1", 0.5));
        Assert.Equal(InferenceErrorKind.Conflict, again.Kind);
        Assert.Equal("request id 'r1' of model 'm' already received its reward; each request counts once, so a retried feedback call changes nothing", again.Message);
    }

    [Fact]
    public void Reward_ReleaseEndedSinceTheAnswer_CountsForTheVersionButNoArm()
    {
        var record = _outcomes.Begin("m", TrafficPlan.For(Table(traffic: Canary)), new TrafficDecision("2", ExperimentId: "rel-1#2"), Objective);
        _outcomes.End(record, RequestOutcome.Answered, Request("r1"), Alice, _time.GetTimestamp());

        Assert.Equal(new FeedbackReceipt("r1", "2", null), _outcomes.Reward("m", Alice, Table(), "r1", 0.5));
    }

    [Fact]
    public void Reward_RequestNeverServedHere_NotFoundNamingTheWindow()
    {
        var error = Assert.Throws<InferenceException>(() => _outcomes.Reward("m", Alice, Table(), "nobody", 1));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal(
            "request id 'nobody' was not served to caller 'key:alice' by this gateway for model 'm' in the last 10 min or no release was running; send feedback with the credentials that made the request, to the gateway that answered it",
            error.Message);
    }

    [Theory]
    [InlineData("", 1.0, "feedback for model 'm' names no request id; send the id of the inference request the reward is for")]
    [InlineData("r1", double.NaN, "reward for request id 'r1' is NaN; send a finite number within [-1, 1] (higher is better; the range is set by ServingFabric:Inference:FeedbackRewardMin and FeedbackRewardMax)")]
    [InlineData("r1", 1.5, "reward for request id 'r1' is 1.5; send a finite number within [-1, 1] (higher is better; the range is set by ServingFabric:Inference:FeedbackRewardMin and FeedbackRewardMax)")]
    [InlineData("r1", -1000.0, "reward for request id 'r1' is -1000; send a finite number within [-1, 1] (higher is better; the range is set by ServingFabric:Inference:FeedbackRewardMin and FeedbackRewardMax)")]
    public void CheckFeedback_UnusableFeedback_InvalidInput(string requestId, double reward, string message)
    {
        var error = Assert.Throws<InferenceException>(() => _outcomes.CheckFeedback("m", Alice, requestId, reward));

        Assert.Equal((InferenceErrorKind.InvalidInput, message), (error.Kind, error.Message));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(1.0)]
    public void CheckFeedback_RewardAtTheEdgesOfTheRange_Accepted(double reward) =>
        _outcomes.CheckFeedback("m", Alice, "r1", reward);

    [Fact]
    public void CheckFeedback_NoCaller_InvalidInputAskingForThePrincipal()
    {
        var error = Assert.Throws<InferenceException>(() => _outcomes.CheckFeedback("m", "", "r1", 1));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Contains("names no caller", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reward_AnotherCallersRequestId_NotFoundAndTheOwnerCanStillReward()
    {
        var table = Table(traffic: Canary);
        var record = _outcomes.Begin("m", TrafficPlan.For(table), new TrafficDecision("2", ExperimentId: "rel-1#2"), Objective);
        _outcomes.End(record, RequestOutcome.Answered, Request("r1"), Alice, _time.GetTimestamp());

        var stolen = Assert.Throws<InferenceException>(() => _outcomes.Reward("m", Mallory, table, "r1", 1));

        Assert.Equal(InferenceErrorKind.NotFound, stolen.Kind);
        Assert.Equal(new FeedbackReceipt("r1", "2", "rel-1"), _outcomes.Reward("m", Alice, table, "r1", 0.5));
    }

    [Fact]
    public void Reward_TwoCallersSameRequestId_EachRewardsTheVersionThatServedThem()
    {
        var table = Table(traffic: Canary);
        var alices = _outcomes.Begin("m", TrafficPlan.For(table), new TrafficDecision("2", ExperimentId: "rel-1#2"), Objective);
        _outcomes.End(alices, RequestOutcome.Answered, Request("r1"), Alice, _time.GetTimestamp());
        var mallorys = _outcomes.Begin("m", TrafficPlan.For(table), new TrafficDecision("1", ExperimentId: "rel-1#2"), Objective);
        _outcomes.End(mallorys, RequestOutcome.Answered, Request("r1"), Mallory, _time.GetTimestamp());

        Assert.Equal("1", _outcomes.Reward("m", Mallory, table, "r1", -1).Version);
        Assert.Equal("2", _outcomes.Reward("m", Alice, table, "r1", 1).Version);
    }

    [Fact]
    public void End_RecordOfARequestWithoutAVersion_RecordsNothing()
    {
        _outcomes.End(default, RequestOutcome.ServerError, Request("r1"), Alice, _time.GetTimestamp());

        Assert.Empty(_collector.Models);
    }

    private static InferenceRequest Request(string id) => new(id, "m", null, []);
}
