using Microsoft.Extensions.Time.Testing;
using ServingFabric.Traffic.Rollouts;
using Xunit.Abstractions;

namespace ServingFabric.Traffic.Tests.Rollouts;

public sealed class AbTestPolicyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Evaluate_TreatmentWithBetterReward_DeclaresTreatmentWinner()
    {
        var policy = new AbTestPolicy(new AbTestOptions(), _time);
        var state = policy.Start("a", "b");
        var traffic = new TrafficGenerator(21, new ArmProfile(RewardMean: 0.5), new ArmProfile(RewardMean: 0.65));

        var decision = Run(policy, state, traffic, maxFlushes: 200);

        Assert.Equal(AbAction.Winner, decision.Action);
        Assert.Equal("b", decision.WinnerVersion);
        Assert.Equal("b", state.Winner);
        Assert.Equal(AbTestStatus.Concluded, state.Status);
        Assert.Contains("non-inferior", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TreatmentWithWorseReward_DeclaresControlWinner()
    {
        var policy = new AbTestPolicy(new AbTestOptions(), _time);
        var state = policy.Start("a", "b");
        var traffic = new TrafficGenerator(22, new ArmProfile(RewardMean: 0.5), new ArmProfile(RewardMean: 0.35));

        var decision = Run(policy, state, traffic, maxFlushes: 200);

        Assert.Equal(AbAction.Winner, decision.Action);
        Assert.Equal("a", decision.WinnerVersion);
    }

    [Fact]
    public void Evaluate_TreatmentFasterOnLatency_DeclaresTreatmentWinner()
    {
        var policy = new AbTestPolicy(new AbTestOptions { PrimaryMetric = AbMetric.Latency }, _time);
        var state = policy.Start("a", "b");
        var traffic = new TrafficGenerator(23, new ArmProfile(ErrorRate: 0), new ArmProfile(ErrorRate: 0, MedianMilliseconds: 40));

        var decision = Run(policy, state, traffic, maxFlushes: 200);

        Assert.Equal(AbAction.Winner, decision.Action);
        Assert.Equal("b", decision.WinnerVersion);
    }

    [Fact]
    public void Evaluate_EqualArms_InconclusiveAtMaxSamplesKeepsControl()
    {
        var policy = new AbTestPolicy(new AbTestOptions { MaxSamplesPerArm = 5000 }, _time);
        var state = policy.Start("a", "b");
        var traffic = new TrafficGenerator(24, new ArmProfile(), new ArmProfile());

        var decision = Run(policy, state, traffic, maxFlushes: 200);

        Assert.Equal(AbAction.Inconclusive, decision.Action);
        Assert.Equal("a", decision.WinnerVersion);
        Assert.Null(state.Winner);
        Assert.Equal(AbTestStatus.Concluded, state.Status);
        Assert.InRange(Math.Max(state.Total.Control.Requests, state.Total.Candidate.Requests), 5000, 6000);
    }

    [Fact]
    public void Evaluate_SignificantBeforeMinimumDuration_WaitsThenDeclares()
    {
        var policy = new AbTestPolicy(new AbTestOptions { MinimumDuration = TimeSpan.FromDays(1) }, _time);
        var state = policy.Start("a", "b");
        var traffic = new TrafficGenerator(25, new ArmProfile(ErrorRate: 0, RewardMean: 0), new ArmProfile(ErrorRate: 0, RewardMean: 1));

        var early = policy.Evaluate(state, traffic.Next(20_000, 50));
        _time.Advance(TimeSpan.FromDays(1));
        var later = policy.Evaluate(state, new ReleaseObservations());

        Assert.Equal(AbAction.Continue, early.Action);
        Assert.StartsWith("Significant, but only 0 of 1440 minutes", early.Reason, StringComparison.Ordinal);
        Assert.Equal(AbAction.Winner, later.Action);
    }

    [Fact]
    public void Evaluate_BrokenSplit_FreezesAndDeclaresNothing()
    {
        var policy = new AbTestPolicy(new AbTestOptions { MinimumDuration = TimeSpan.Zero }, _time);
        var state = policy.Start("a", "b");
        var traffic = new TrafficGenerator(26, new ArmProfile(RewardMean: 0), new ArmProfile(RewardMean: 1));

        var frozen = policy.Evaluate(state, traffic.Next(4000, 45));
        var after = policy.Evaluate(state, traffic.Next(20_000, 50));

        Assert.Equal(AbAction.Freeze, frozen.Action);
        Assert.Contains("Sample-ratio mismatch", frozen.Reason, StringComparison.Ordinal);
        Assert.Equal(AbAction.Continue, after.Action);
        Assert.Equal(AbTestStatus.Frozen, state.Status);
    }

    [Fact]
    public void Constructor_TreatmentPercentOutOfRange_ThrowsNamingSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new AbTestPolicy(new AbTestOptions { TreatmentPercent = 100 }, _time));

        Assert.Contains("AbTestOptions.TreatmentPercent", error.Message, StringComparison.Ordinal);
    }

    private AbDecision Run(AbTestPolicy policy, AbTestState state, TrafficGenerator traffic, int maxFlushes)
    {
        var decision = new AbDecision(AbAction.Continue, null, "not started");
        for (var flush = 0; flush < maxFlushes && decision.Action == AbAction.Continue; flush++)
        {
            _time.Advance(FlushInterval);
            decision = policy.Evaluate(state, traffic.Next(500, state.TreatmentPercent));
        }

        output.WriteLine($"{decision.Action} {decision.WinnerVersion} after {state.Total.Control.Requests}/{state.Total.Candidate.Requests} requests, {(_time.GetUtcNow() - state.StartedAt).TotalMinutes} min: {decision.Reason}");
        return decision;
    }
}
