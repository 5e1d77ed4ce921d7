using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Traffic.Tests.Routing;

public sealed class TrafficPlanTests
{
    private static readonly ExperimentArms Canary = new("release-7", ReleaseKind.Canary, Control: "1", Candidate: "2");

    [Fact]
    public void Decide_NoTrafficPolicy_DefaultVersionNothingElse()
    {
        var plan = TrafficPlan.For(Table(traffic: null));

        var decision = plan.Decide(null, "user-1", "r1", new TrafficSequences());

        Assert.Equal(new TrafficDecision("1"), decision);
    }

    [Fact]
    public void Decide_RequestNamesVersion_ThatVersionNotAnArm()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy(Weights(90, 10), Experiment: Canary)));

        var decision = plan.Decide("2", "user-1", "r1", new TrafficSequences());

        Assert.Equal("2", decision.Version);
        Assert.False(decision.SplitAssigned);
    }

    [Fact]
    public void Decide_UnversionedDuringRelease_SplitAssignedUnderTheReleaseId()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy(Weights(50, 50), Experiment: Canary)));
        var sequences = new TrafficSequences();

        var decisions = Enumerable.Range(0, 1_000).Select(i => plan.Decide(null, null, $"r{i}", sequences)).ToList();

        Assert.All(decisions, d => Assert.Equal("release-7", d.ExperimentId));
        Assert.Equal(["1", "2"], decisions.Select(d => d.Version).Distinct().Order());
    }

    [Fact]
    public void Decide_SplitOutsideRelease_NotAnArm()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy(Weights(50, 50))));

        Assert.All(Enumerable.Range(0, 100), i => Assert.False(plan.Decide(null, null, $"r{i}", new TrafficSequences()).SplitAssigned));
    }

    [Fact]
    public void Decide_RoutingKeyGiven_KeyNotIdChoosesTheVersion()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy(Weights(50, 50))));
        var sequences = new TrafficSequences();

        var versions = Enumerable.Range(0, 200).Select(i => plan.Decide(null, "one-user", $"r{i}", sequences).Version).Distinct().ToList();

        Assert.Single(versions);
    }

    [Fact]
    public void Decide_NeitherKeyNorId_EvenRotationByWeights()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy(Weights(75, 25))));
        var sequences = new TrafficSequences();

        var onCandidate = Enumerable.Range(0, 1_000).Count(_ => plan.Decide(null, null, "", sequences).Version == "2");

        Assert.InRange(onCandidate, 248, 252);
    }

    [Fact]
    public void Decide_WeightForVersionNotInTable_IgnoredRestTakeAll()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy([new VersionWeight("1", 50), new VersionWeight("9", 50)])));

        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal("1", plan.Decide(null, null, $"r{i}", new TrafficSequences()).Version));
    }

    [Fact]
    public void Decide_Mirror20Percent_StickyShareNeverToTheServingVersion()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy(Weights(100, 0), Mirror: new MirrorPolicy("2", 20))));
        var sequences = new TrafficSequences();

        var mirrored = Enumerable.Range(0, 100_000).Count(i => plan.Decide(null, null, $"req-{i}", sequences).MirrorVersion == "2");
        var sameTwice = Enumerable.Range(0, 1_000).All(i =>
            plan.Decide(null, null, $"req-{i}", sequences).MirrorVersion == plan.Decide(null, null, $"req-{i}", sequences).MirrorVersion);

        VersionSplitTests.AssertBinomial(mirrored, 100_000, 0.2);
        Assert.True(sameTwice);
        Assert.Null(plan.Decide("2", null, "req-1", sequences).MirrorVersion);
    }

    [Fact]
    public void Decide_MirrorShareIndependentOfSplit_BothVersionsMirroredAlike()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy(Weights(50, 50), Mirror: new MirrorPolicy("3", 50)), "1", "2", "3"));
        var sequences = new TrafficSequences();

        var decisions = Enumerable.Range(0, 40_000).Select(i => plan.Decide(null, null, $"req-{i}", sequences)).ToList();

        foreach (var version in new[] { "1", "2" })
        {
            var served = decisions.Where(d => d.Version == version).ToList();
            VersionSplitTests.AssertBinomial(served.Count(d => d.MirrorVersion == "3"), served.Count, 0.5);
        }
    }

    [Fact]
    public void Decide_AbortThirtyPercent_ExactShareOnlyOnThatVersion()
    {
        var faults = new[] { new FaultInjection("2", AbortPercent: 30, AbortStatus: 503, DelayPercent: 0, Delay: TimeSpan.Zero) };
        var plan = TrafficPlan.For(Table(new TrafficPolicy(Weights(50, 50), Faults: faults)));
        var sequences = new TrafficSequences();

        var decisions = Enumerable.Range(0, 20_000).Select(i => plan.Decide(null, null, $"r{i}", sequences)).ToList();
        var onTwo = decisions.Where(d => d.Version == "2").ToList();

        Assert.All(decisions.Where(d => d.Version == "1"), d => Assert.Null(d.AbortStatus));
        Assert.All(onTwo.Where(d => d.AbortStatus is not null), d => Assert.Equal(503, d.AbortStatus));
        Assert.InRange(onTwo.Count(d => d.AbortStatus is not null), (onTwo.Count * 0.3) - 3, (onTwo.Count * 0.3) + 3);
        Assert.All(decisions, d => Assert.Null(d.Delay));
    }

    [Fact]
    public void Decide_OneUserAlwaysOnFaultyVersion_OnlyTheShareOfItsRequestsFails()
    {
        var faults = new[] { new FaultInjection("1", AbortPercent: 10, AbortStatus: 500, DelayPercent: 0, Delay: TimeSpan.Zero) };
        var plan = TrafficPlan.For(Table(new TrafficPolicy([], Faults: faults)));
        var sequences = new TrafficSequences();

        var aborted = Enumerable.Range(0, 1_000).Count(_ => plan.Decide(null, "same-user", "same-id", sequences).AbortStatus == 500);

        Assert.InRange(aborted, 98, 102);
    }

    [Fact]
    public void Decide_AbortAndDelayBothFifty_IndependentShares()
    {
        var faults = new[] { new FaultInjection("1", AbortPercent: 50, AbortStatus: 500, DelayPercent: 50, Delay: TimeSpan.FromSeconds(2)) };
        var plan = TrafficPlan.For(Table(new TrafficPolicy([], Faults: faults)));
        var sequences = new TrafficSequences();

        var decisions = Enumerable.Range(0, 10_000).Select(_ => plan.Decide(null, null, null, sequences)).ToList();

        Assert.InRange(decisions.Count(d => d.AbortStatus is not null && d.Delay is not null), 2_400, 2_600);
        Assert.All(decisions.Where(d => d.Delay is not null), d => Assert.Equal(TimeSpan.FromSeconds(2), d.Delay));
    }

    [Fact]
    public void IsFixed_NoPolicyOrAnEmptyOne_True()
    {
        Assert.True(TrafficPlan.For(Table(traffic: null)).IsFixed);
        Assert.True(TrafficPlan.For(Table(TrafficPolicy.None)).IsFixed);
    }

    [Fact]
    public void IsFixed_SplitMirrorFaultOrRelease_False()
    {
        var fault = new FaultInjection("2", AbortPercent: 5, AbortStatus: 503, DelayPercent: 0, Delay: TimeSpan.Zero);

        Assert.False(TrafficPlan.For(Table(new TrafficPolicy(Weights(90, 10)))).IsFixed);
        Assert.False(TrafficPlan.For(Table(new TrafficPolicy([], Mirror: new MirrorPolicy("2", 10)))).IsFixed);
        Assert.False(TrafficPlan.For(Table(new TrafficPolicy([], Faults: [fault]))).IsFixed);
        Assert.False(TrafficPlan.For(Table(new TrafficPolicy([], Experiment: Canary))).IsFixed);
    }

    [Fact]
    public void IsFixed_PolicyOnlyOnVersionsOutsideTheTable_True()
    {
        var plan = TrafficPlan.For(Table(new TrafficPolicy([], Mirror: new MirrorPolicy("9", 50)), "1"));

        Assert.True(plan.IsFixed);
        Assert.Equal(new TrafficDecision("1"), plan.Decide(null, "user-1", "r1", new TrafficSequences()));
    }

    private static List<VersionWeight> Weights(double one, double two) => [new("1", one), new("2", two)];

    private static RoutingTable Table(TrafficPolicy? traffic, params string[] versions) => new(
        "m", 1, true, "1", (versions.Length == 0 ? ["1", "2"] : versions).Select(v => new VersionRoute(v, [$"m/{v}/0"])).ToList(), 8, Traffic: traffic);
}
