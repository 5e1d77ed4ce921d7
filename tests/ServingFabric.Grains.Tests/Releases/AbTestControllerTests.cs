using ServingFabric.Grains.Releases;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using Xunit.Abstractions;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>The A/B controller on the router's state with fake time and seeded fronts (issue 4's Done-when).</summary>
public sealed class AbTestControllerTests(ITestOutputHelper output)
{
    private static readonly SimulatedArm Control = new();

    [Fact]
    public void Evaluate_TreatmentWithBetterReward_PromotesTheWinnerAndRetiresTheLoser()
    {
        var harness = Started(new AbTestRequest("2", MinimumDuration: TimeSpan.FromMinutes(10)));

        var flushes = harness.Run(new SimulatedFronts(102), Control, Control with { RewardMean = 0.6 }, requestsPerFlush: 1000, maxFlushes: 2000);

        var promoted = Assert.Single(harness.Events, e => e.Kind == ModelEventKind.ReleasePromoted);
        Assert.Equal(ReleaseController.FabricActor, promoted.Actor);
        Assert.Contains("2 wins", promoted.Message, StringComparison.Ordinal);
        Assert.Contains("Reward", promoted.Message, StringComparison.Ordinal);
        Assert.Equal("2", harness.Registry.Default);
        Assert.Equal(["1"], harness.Retired);
        Assert.Equal([50.0, 0.0], harness.CandidateWeights);
        var view = harness.Controller.CurrentView()!;
        Assert.Equal(("Concluded", 100.0), (view.Status, view.CandidatePercent));
        var reward = Assert.Single(view.Tests, t => t.Name == "reward (mSPRT)");
        Assert.True(reward.Rejected);
        Assert.True(reward.Lower > 0, $"interval [{reward.Lower}, {reward.Upper}] should exclude 0");
        output.WriteLine($"Winner after {flushes} flushes ({flushes * 10 / 60.0:0.#} min): {promoted.Message}");
    }

    [Fact]
    public void Evaluate_EqualArms_EndsInconclusiveKeepingTheControl()
    {
        var harness = Started(new AbTestRequest("2", MinimumDuration: TimeSpan.FromMinutes(10), MaxSamplesPerArm: 20_000));

        harness.Run(new SimulatedFronts(112), Control, Control, requestsPerFlush: 1000, maxFlushes: 2000);

        var inconclusive = Assert.Single(harness.Events, e => e.Kind == ModelEventKind.ReleaseInconclusive);
        Assert.Equal(ReleaseController.FabricActor, inconclusive.Actor);
        Assert.Contains("No winner within 20000 requests per arm", inconclusive.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Events, e => e.Kind is ModelEventKind.ReleasePromoted or ModelEventKind.DefaultVersionChanged);
        Assert.Equal("1", harness.Registry.Default);
        Assert.Equal(["1", "2"], harness.Registry.Active);
        Assert.Empty(harness.Retired);
        Assert.Null(harness.Controller.CurrentTrafficPolicy());
        Assert.Equal("Inconclusive", harness.Controller.CurrentView()!.Status);
        output.WriteLine(inconclusive.Message);
    }

    [Fact]
    public void PromoteRelease_WithoutASignificantArm_IsAConflict()
    {
        var harness = Started(new AbTestRequest("2"));

        var error = Assert.Throws<InferenceException>(() => harness.Do((c, ch) => c.Promote(ReleaseHarness.Operator("impatient"), ch)));

        Assert.Equal(InferenceErrorKind.Conflict, error.Kind);
        Assert.Contains("significantly better", error.Message, StringComparison.Ordinal);
        Assert.True(harness.State.ReleaseRunning);
    }

    [Fact]
    public void PauseRelease_OfAnAbTest_IsAConflict()
    {
        var harness = Started(new AbTestRequest("2"));

        var error = Assert.Throws<InferenceException>(() => harness.Do((c, ch) => c.Pause(ReleaseHarness.Operator("wait"), ch)));

        Assert.Equal(InferenceErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public void StartAbTest_WithSplitAndMetric_SetsWeightsAndArms()
    {
        var harness = Started(new AbTestRequest("2", TreatmentPercent: 30, Metric: ExperimentMetric.Latency));

        var policy = harness.Controller.CurrentTrafficPolicy()!;

        Assert.Equal([new VersionWeight("1", 70), new VersionWeight("2", 30)], policy.Weights);
        Assert.Equal(("ab-1@30%", ReleaseKind.AbTest, "1", "2"), (policy.Experiment!.Id, policy.Experiment.Kind, policy.Experiment.Control, policy.Experiment.Candidate));
        Assert.Equal("latency (mSPRT)", harness.Controller.CurrentView()!.Tests[0].Name);
    }

    private static ReleaseHarness Started(AbTestRequest request)
    {
        var harness = new ReleaseHarness("1", "2");
        harness.WarmBaseline(new SimulatedFronts(101), "1", Control);
        harness.Do((controller, change) => controller.StartAbTest(request, ReleaseHarness.Operator("which is better?"), harness.Baseline, change));
        return harness;
    }
}
