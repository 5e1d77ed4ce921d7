using Microsoft.Extensions.Time.Testing;
using ServingFabric.Traffic.Rollouts;

namespace ServingFabric.Traffic.Tests.Rollouts;

public sealed class CanaryTransitionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Pause_WhileRunning_StopsAdvancingUntilResumed()
    {
        var policy = new CanaryPolicy(new CanaryOptions(), _time);
        var state = policy.Start("v1", "v2");
        var traffic = new TrafficGenerator(8, new ArmProfile(ErrorRate: 0), new ArmProfile(ErrorRate: 0));

        var paused = policy.Pause(state, "investigating a dashboard");
        _time.Advance(TimeSpan.FromMinutes(5));
        var whilePaused = policy.Evaluate(state, traffic.Next(50_000, 10));
        var resumed = policy.Resume(state, "all clear");
        var afterResume = policy.Evaluate(state, new ReleaseObservations());

        Assert.Equal(CanaryAction.Pause, paused.Action);
        Assert.Equal(CanaryAction.Continue, whilePaused.Action);
        Assert.Contains("Paused", whilePaused.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryAction.Resume, resumed.Action);
        Assert.True(afterResume.Action == CanaryAction.Advance, afterResume.Reason);
        Assert.Equal(25, state.CanaryPercent);
    }

    [Fact]
    public void Evaluate_HarmWhilePaused_StillRollsBack()
    {
        var policy = new CanaryPolicy(new CanaryOptions(), _time);
        var state = policy.Start("v1", "v2");
        policy.Pause(state, "hold");
        var traffic = new TrafficGenerator(9, new ArmProfile(), new ArmProfile(ErrorRate: 0.5));

        Assert.Equal(CanaryAction.Rollback, policy.Evaluate(state, traffic.Next(1000, 10)).Action);
    }

    [Fact]
    public void Abort_WhileRunning_RollsBackWithReason()
    {
        var policy = new CanaryPolicy(new CanaryOptions(), _time);
        var state = policy.Start("v1", "v2");

        var decision = policy.Abort(state, "wrong build");

        Assert.Equal(CanaryAction.Rollback, decision.Action);
        Assert.Equal(0, decision.CandidatePercent);
        Assert.Equal(CanaryStatus.RolledBack, state.Status);
        Assert.Equal("Aborted by operator: wrong build", state.History[^1].Reason);
    }

    [Fact]
    public void Promote_WhileFrozen_PromotesToHundredPercent()
    {
        var policy = new CanaryPolicy(new CanaryOptions(), _time);
        var state = policy.Start("v1", "v2");
        state.Status = CanaryStatus.Frozen;

        var decision = policy.Promote(state, "split fixed and verified by hand");

        Assert.Equal(CanaryAction.Promote, decision.Action);
        Assert.Equal(100, state.CanaryPercent);
        Assert.Equal(CanaryStatus.Promoted, state.Status);
    }

    [Fact]
    public void Resume_WhenRunning_ThrowsAndChangesNothing()
    {
        var policy = new CanaryPolicy(new CanaryOptions(), _time);
        var state = policy.Start("v1", "v2");

        var error = Assert.Throws<InvalidOperationException>(() => policy.Resume(state, "?"));

        Assert.Contains("it is Running; resume needs Paused or Frozen", error.Message, StringComparison.Ordinal);
        Assert.Single(state.History);
    }

    [Fact]
    public void Evaluate_AfterRollback_ChangesNothing()
    {
        var policy = new CanaryPolicy(new CanaryOptions(), _time);
        var state = policy.Start("v1", "v2");
        policy.Abort(state, "stop");

        var decision = policy.Evaluate(state, new TrafficGenerator(1, new ArmProfile(), new ArmProfile()).Next(100, 10));

        Assert.Equal(CanaryAction.Continue, decision.Action);
        Assert.Equal(0, state.Total.Candidate.Requests + state.Total.Control.Requests);
    }

    [Fact]
    public void Constructor_StepsNotIncreasing_ThrowsNamingSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new CanaryPolicy(new CanaryOptions { Steps = [10, 50, 25] }, TimeProvider.System));

        Assert.Contains("CanaryOptions.Steps", error.Message, StringComparison.Ordinal);
    }
}
