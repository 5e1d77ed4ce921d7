using Microsoft.Extensions.Time.Testing;
using ServingFabric.Traffic.Rollouts;

namespace ServingFabric.Traffic.Tests.Rollouts;

/// <summary>Operator commands on an A/B test: promote the significant arm, abort keeping control, resume a frozen test.</summary>
public sealed class AbTestOperatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Promote_SignificantBeforeMinimumDuration_DeclaresTheBetterArm()
    {
        var policy = new AbTestPolicy(new AbTestOptions { MinimumDuration = TimeSpan.FromDays(7) }, _time);
        var state = policy.Start("a", "b");
        var traffic = new TrafficGenerator(31, new ArmProfile(RewardMean: 0.5), new ArmProfile(RewardMean: 0.3));
        var waiting = policy.Evaluate(state, traffic.Next(20_000, 50));

        var decision = policy.Promote(state, "the test is clear");

        Assert.Equal(AbAction.Continue, waiting.Action);
        Assert.Equal((AbAction.Winner, "a"), (decision.Action, decision.WinnerVersion));
        Assert.StartsWith("Promoted by operator: the test is clear.", decision.Reason, StringComparison.Ordinal);
        Assert.Equal((AbTestStatus.Concluded, "a"), (state.Status, state.Winner));
    }

    [Fact]
    public void Promote_WithoutSignificance_Throws()
    {
        var policy = new AbTestPolicy(new AbTestOptions(), _time);
        var state = policy.Start("a", "b");
        policy.Evaluate(state, new TrafficGenerator(32, new ArmProfile(), new ArmProfile()).Next(2000, 50));

        var error = Assert.Throws<InvalidOperationException>(() => policy.Promote(state, "impatient"));

        Assert.Contains("significantly better", error.Message, StringComparison.Ordinal);
        Assert.Equal(AbTestStatus.Running, state.Status);
    }

    [Fact]
    public void Abort_RunningTest_ConcludesKeepingControl()
    {
        var policy = new AbTestPolicy(new AbTestOptions(), _time);
        var state = policy.Start("a", "b");

        var decision = policy.Abort(state, "wrong metric");

        Assert.Equal((AbAction.Inconclusive, "a"), (decision.Action, decision.WinnerVersion));
        Assert.Equal((AbTestStatus.Concluded, (string?)null), (state.Status, state.Winner));
        Assert.Equal("Abort", state.History[^1].Action);
        Assert.Throws<InvalidOperationException>(() => policy.Abort(state, "again"));
    }

    [Fact]
    public void Resume_FrozenTest_JudgesTheSplitAfresh()
    {
        var policy = new AbTestPolicy(new AbTestOptions(), _time);
        var state = policy.Start("a", "b");
        var traffic = new TrafficGenerator(33, new ArmProfile(), new ArmProfile());
        Assert.Equal(AbAction.Freeze, policy.Evaluate(state, traffic.Next(4000, 45)).Action);

        policy.Resume(state, "split fixed");
        var after = policy.Evaluate(state, traffic.Next(2000, 50));

        Assert.Equal(AbTestStatus.Running, state.Status);
        Assert.Equal(AbAction.Continue, after.Action);
        Assert.Equal(2000, state.SampleRatioTest.TotalEvents);
        Assert.Throws<InvalidOperationException>(() => policy.Resume(state, "not frozen"));
    }

    [Fact]
    public void Copy_OfOptions_IsIndependent()
    {
        var canary = new CanaryOptions();
        var ab = new AbTestOptions();

        var canaryCopy = canary.Copy();
        var abCopy = ab.Copy();
        canaryCopy.Steps[0] = 5;
        canaryCopy.MinStepDuration = TimeSpan.Zero;
        abCopy.TreatmentPercent = 20;

        Assert.Equal([10.0, 25, 50, 100], canary.Steps);
        Assert.Equal(TimeSpan.FromSeconds(60), canary.MinStepDuration);
        Assert.Equal(50, ab.TreatmentPercent);
        Assert.Equal(canary.HarmAlpha, canaryCopy.HarmAlpha);
    }
}
