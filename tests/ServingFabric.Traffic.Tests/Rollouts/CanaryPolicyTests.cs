using Microsoft.Extensions.Time.Testing;
using ServingFabric.Traffic.Rollouts;
using Xunit.Abstractions;

namespace ServingFabric.Traffic.Tests.Rollouts;

public sealed class CanaryPolicyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Evaluate_CanaryWithMoreErrors_RollsBackByErrorCountTest()
    {
        var (policy, state) = Start();
        var traffic = new TrafficGenerator(1, new ArmProfile(ErrorRate: 0.01), new ArmProfile(ErrorRate: 0.03));

        var decisions = RunUntilTrafficChanges(policy, state, traffic, maxFlushes: 200);

        var last = decisions[^1];
        Assert.Equal(CanaryAction.Rollback, last.Action);
        Assert.Contains("error count test", last.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryStatus.RolledBack, state.Status);
        Assert.Equal(0, state.CanaryPercent);
    }

    [Fact]
    public void Evaluate_CanaryTwentyPercentSlower_RollsBackForLatency()
    {
        var (policy, state) = Start();
        var traffic = new TrafficGenerator(2, new ArmProfile(), new ArmProfile(MedianMilliseconds: 60));

        var last = RunUntilTrafficChanges(policy, state, traffic, maxFlushes: 200)[^1];

        Assert.Equal(CanaryAction.Rollback, last.Action);
        Assert.Contains("Latency harm", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EqualCanary_AdvancesThroughEveryStepAndPromotes()
    {
        var (policy, state) = Start();
        var traffic = new TrafficGenerator(3, new ArmProfile(), new ArmProfile());
        var changes = new List<CanaryDecision>();

        for (var flush = 0; flush < 1000 && state.Status == CanaryStatus.Running; flush++)
        {
            changes.AddRange(RunUntilTrafficChanges(policy, state, traffic, maxFlushes: 1000).Where(d => d.ChangesTraffic));
        }

        Assert.Equal([CanaryAction.Advance, CanaryAction.Advance, CanaryAction.Promote], changes.Select(d => d.Action));
        Assert.Equal([25.0, 50.0, 100.0], changes.Select(d => d.CandidatePercent));
        Assert.Equal(CanaryStatus.Promoted, state.Status);
        Assert.Contains("non-inferior", changes[0].Reason, StringComparison.Ordinal);
        output.WriteLine($"Promoted after {state.Total.Control.Requests + state.Total.Candidate.Requests} requests, {(_time.GetUtcNow() - state.StartedAt).TotalMinutes:0.#} min");
        foreach (var entry in state.History)
        {
            output.WriteLine($"{entry.At:HH:mm:ss} {entry.Action} → {entry.CandidatePercent}%: {entry.Reason}");
        }
    }

    [Fact]
    public void Evaluate_CanaryGetsMoreTrafficThanConfigured_FreezesForSampleRatioMismatch()
    {
        var (policy, state) = Start();
        var traffic = new TrafficGenerator(4, new ArmProfile(), new ArmProfile());

        var decision = policy.Evaluate(state, traffic.Next(2000, candidatePercent: 14));

        Assert.Equal(CanaryAction.Freeze, decision.Action);
        Assert.Contains("Sample-ratio mismatch", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("ln BF", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryStatus.Frozen, state.Status);
        output.WriteLine(decision.Reason);

        _time.Advance(TimeSpan.FromMinutes(30));
        var later = policy.Evaluate(state, traffic.Next(50_000, candidatePercent: 10));
        Assert.Equal(CanaryAction.Continue, later.Action);
        Assert.Equal(10, state.CanaryPercent);
    }

    [Fact]
    public void Evaluate_CanaryFailingOutright_HardGuardRollsBackAtOnce()
    {
        var (policy, state) = Start();
        var traffic = new TrafficGenerator(5, new ArmProfile(), new ArmProfile(ErrorRate: 0.3));

        var decision = policy.Evaluate(state, traffic.Next(600, candidatePercent: 10));

        Assert.Equal(CanaryAction.Rollback, decision.Action);
        Assert.StartsWith("Hard guard", decision.Reason, StringComparison.Ordinal);
        output.WriteLine(decision.Reason);
    }

    [Fact]
    public void Evaluate_HardGuardBelowMinimumRequests_DoesNotTrip()
    {
        var (policy, state) = Start();
        var delta = new ReleaseObservations();
        delta.Candidate.Requests = 40;
        delta.Candidate.Errors = 10;
        delta.Control.Requests = 360;
        delta.Control.Errors = 90;

        var decision = policy.Evaluate(state, delta);

        Assert.True(decision.Action == CanaryAction.Continue, decision.Reason);
    }

    [Fact]
    public void Evaluate_EnoughRequestsBeforeMinimumTime_Holds()
    {
        var (policy, state) = Start();
        var traffic = new TrafficGenerator(6, new ArmProfile(ErrorRate: 0), new ArmProfile(ErrorRate: 0));
        _time.Advance(TimeSpan.FromSeconds(30));

        var decision = policy.Evaluate(state, traffic.Next(20_000, 10));

        Assert.Equal(CanaryAction.Continue, decision.Action);
        Assert.Contains("30 s of 60 s", decision.Reason, StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CanaryAction.Advance, policy.Evaluate(state, new ReleaseObservations()).Action);
    }

    private (CanaryPolicy Policy, CanaryState State) Start()
    {
        var policy = new CanaryPolicy(new CanaryOptions(), _time);
        return (policy, policy.Start("v1", "v2"));
    }

    private List<CanaryDecision> RunUntilTrafficChanges(CanaryPolicy policy, CanaryState state, TrafficGenerator traffic, int maxFlushes)
    {
        var decisions = new List<CanaryDecision>();
        for (var flush = 0; flush < maxFlushes; flush++)
        {
            _time.Advance(FlushInterval);
            var decision = policy.Evaluate(state, traffic.Next(1000, state.CanaryPercent));
            decisions.Add(decision);
            if (decision.ChangesTraffic || decision.Action == CanaryAction.Freeze)
            {
                break;
            }
        }

        return decisions;
    }
}
