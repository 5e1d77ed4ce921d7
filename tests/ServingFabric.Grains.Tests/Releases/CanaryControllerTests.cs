using ServingFabric.Grains.Releases;
using ServingFabric.Models;
using ServingFabric.Releases;
using Xunit.Abstractions;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>The canary controller on the router's state with fake time and seeded fronts (issue 4's Done-when).</summary>
public sealed class CanaryControllerTests(ITestOutputHelper output)
{
    private static readonly SimulatedArm Stable = new();

    [Fact]
    public void Evaluate_CanaryWithMoreErrors_RollsBackAndTrafficReturnsToStable()
    {
        var harness = Started(seed: 11);

        harness.Run(new SimulatedFronts(13), Stable, Stable with { ErrorRate = 0.03 }, requestsPerFlush: 1000, maxFlushes: 500);

        var rollback = Assert.Single(harness.Events, e => e.Kind == ModelEventKind.ReleaseRolledBack);
        Assert.Equal(ReleaseController.FabricActor, rollback.Actor);
        Assert.Contains("error count test", rollback.Message, StringComparison.Ordinal);
        Assert.Contains("ln BF", rollback.Message, StringComparison.Ordinal);
        Assert.Equal([10.0, 0.0], harness.CandidateWeights);
        Assert.Null(harness.Controller.CurrentTrafficPolicy());
        Assert.Equal("1", harness.Registry.Default);
        Assert.Equal(["1", "2", "3"], harness.Registry.Active);
        Assert.Empty(harness.Retired);
        Assert.Equal("RolledBack", harness.Controller.CurrentView()!.Status);
        output.WriteLine(rollback.Message);
    }

    [Fact]
    public void Evaluate_EqualCanary_AdvancesThroughEveryStepAndIsPromoted()
    {
        var harness = Started(seed: 21);

        var flushes = harness.Run(new SimulatedFronts(22), Stable, Stable, requestsPerFlush: 1000, maxFlushes: 2000);

        Assert.Equal(
            [ModelEventKind.ReleaseStarted, ModelEventKind.ReleaseAdvanced, ModelEventKind.ReleaseAdvanced, ModelEventKind.ReleasePromoted,
             ModelEventKind.DefaultVersionChanged, ModelEventKind.VersionRetired],
            harness.Events.Select(e => e.Kind));
        Assert.All(harness.Events.Skip(1), e => Assert.Equal(ReleaseController.FabricActor, e.Actor));
        Assert.Contains("non-inferior", harness.Events[1].Message, StringComparison.Ordinal);
        Assert.Equal([10.0, 25.0, 50.0, 0.0], harness.CandidateWeights);
        Assert.Equal("2", harness.Registry.Default);
        Assert.Equal(["2", "3"], harness.Registry.Active);
        Assert.Equal(["1"], harness.Retired);
        Assert.Null(harness.Controller.CurrentTrafficPolicy());
        var view = harness.Controller.CurrentView()!;
        Assert.Equal(("Promoted", 100.0), (view.Status, view.CandidatePercent));
        Assert.Equal(["Start", "Advance", "Advance", "Promote"], view.History.Select(h => h.Action));
        output.WriteLine($"Promoted after {flushes} flushes ({flushes * 10 / 60.0:0.#} min), {view.Arms.Sum(a => a.Requests)} requests");
        foreach (var entry in harness.Events)
        {
            output.WriteLine($"{entry.Kind} by {entry.Actor}: {entry.Message}");
        }
    }

    [Fact]
    public void Evaluate_BrokenSplit_FreezesWithAnEventAndNeverPromotes()
    {
        var harness = Started(seed: 31);

        harness.Run(new SimulatedFronts(32), Stable, Stable, requestsPerFlush: 1000, maxFlushes: 300, actualCandidatePercent: 14);

        var frozen = Assert.Single(harness.Events, e => e.Kind == ModelEventKind.ReleaseFrozen);
        Assert.Equal(ReleaseController.FabricActor, frozen.Actor);
        Assert.Contains("Sample-ratio mismatch", frozen.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Events, e => e.Kind is ModelEventKind.ReleaseAdvanced or ModelEventKind.ReleasePromoted);
        Assert.True(harness.State.ReleaseRunning);
        Assert.Equal("Frozen", harness.Controller.CurrentView()!.Status);
        Assert.Equal([new VersionWeight("1", 90), new VersionWeight("2", 10)], harness.Controller.CurrentTrafficPolicy()!.Weights);
        var sampleRatio = Assert.Single(harness.Controller.CurrentView()!.Tests, t => t.Name.StartsWith("sample ratio", StringComparison.Ordinal));
        Assert.True(sampleRatio.Rejected);
        output.WriteLine(frozen.Message);
    }

    [Fact]
    public void StartCanary_WithBaseline_SetsArmsWithTheControlsP95AsSlowThreshold()
    {
        var harness = Started(seed: 41);

        var arms = harness.Controller.CurrentTrafficPolicy()!.Experiment!;

        // Median 50 ms, σ 0.5: the p95 (≈ 114 ms) falls in the bucket that ends at 150 ms.
        Assert.Equal(new ExperimentArms("canary-1@10%", ReleaseKind.Canary, "1", "2", TimeSpan.FromMilliseconds(150), "canary-1"), arms);
        Assert.Contains("150 ms", harness.Events[0].Message, StringComparison.Ordinal);
        Assert.Equal("alice", harness.Events[0].Actor);
    }

    [Fact]
    public void AbortRelease_ByOperator_RollsBackWithWhoAndWhy()
    {
        var harness = Started(seed: 51);

        harness.Do((controller, change) => controller.Abort(ReleaseHarness.Operator("pager went off"), change));

        var rollback = Assert.Single(harness.Events, e => e.Kind == ModelEventKind.ReleaseRolledBack);
        Assert.Equal("alice", rollback.Actor);
        Assert.Contains("pager went off", rollback.Message, StringComparison.Ordinal);
        Assert.Equal("Aborted", harness.Controller.CurrentView()!.Status);
        Assert.Null(harness.Controller.CurrentTrafficPolicy());
    }

    [Fact]
    public void PauseRelease_ThenEvaluate_HoldsTheStepUntilResumed()
    {
        var harness = Started(seed: 61);
        harness.Do((controller, change) => controller.Pause(ReleaseHarness.Operator("holiday"), change));

        harness.Run(new SimulatedFronts(62), Stable, Stable, requestsPerFlush: 1000, maxFlushes: 60);
        Assert.DoesNotContain(harness.Events, e => e.Kind == ModelEventKind.ReleaseAdvanced);
        harness.Do((controller, change) => controller.Resume(ReleaseHarness.Operator("back"), change));
        harness.Run(new SimulatedFronts(63), Stable, Stable, requestsPerFlush: 1000, maxFlushes: 1);

        Assert.Equal(
            [ModelEventKind.ReleaseStarted, ModelEventKind.ReleasePausedOrResumed, ModelEventKind.ReleasePausedOrResumed, ModelEventKind.ReleaseAdvanced],
            harness.Events.Select(e => e.Kind));
    }

    [Fact]
    public void Evaluate_NothingDecided_AsksForAWriteOnlyEveryCheckpointInterval()
    {
        var harness = Started(seed: 71);
        var id = harness.State.Release!.Id;

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        var early = harness.Do((controller, change) => controller.Evaluate(harness.Inbox.Take(id), change));
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        var later = harness.Do((controller, change) => controller.Evaluate(harness.Inbox.Take(id), change));

        Assert.False(early.StateChanged);
        Assert.True(later.StateChanged);
    }

    [Fact]
    public void StartCanary_OfTheDefaultOrWhileOneRuns_IsAConflict()
    {
        var harness = Started(seed: 81);

        var running = Assert.Throws<Inference.InferenceException>(() => harness.Do((c, ch) => c.StartCanary(new CanaryRequest("3"), ReleaseHarness.Operator("again"), harness.Baseline, ch)));
        harness.Do((c, ch) => c.Abort(ReleaseHarness.Operator("stop"), ch));
        var ofDefault = Assert.Throws<Inference.InferenceException>(() => harness.Do((c, ch) => c.StartCanary(new CanaryRequest("1"), ReleaseHarness.Operator("no"), harness.Baseline, ch)));
        var badSteps = Assert.Throws<Inference.InferenceException>(() => harness.Do((c, ch) => c.StartCanary(new CanaryRequest("3", Steps: [50, 20]), ReleaseHarness.Operator("no"), harness.Baseline, ch)));

        Assert.Equal(Inference.InferenceErrorKind.Conflict, running.Kind);
        Assert.Contains("canary-1", running.Message, StringComparison.Ordinal);
        Assert.Equal(Inference.InferenceErrorKind.Conflict, ofDefault.Kind);
        Assert.Equal(Inference.InferenceErrorKind.InvalidInput, badSteps.Kind);
        Assert.Contains("Steps", badSteps.Message, StringComparison.Ordinal);
    }

    private static ReleaseHarness Started(int seed)
    {
        var harness = new ReleaseHarness("1", "2", "3");
        harness.WarmBaseline(new SimulatedFronts(seed), "1", Stable);
        harness.Do((controller, change) => controller.StartCanary(new CanaryRequest("2"), ReleaseHarness.Operator("ship 2"), harness.Baseline, change));
        return harness;
    }
}
