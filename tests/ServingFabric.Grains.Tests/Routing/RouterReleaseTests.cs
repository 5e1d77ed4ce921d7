using Orleans.Core.Internal;
using ServingFabric.Grains.Tests.Releases;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>Canaries through the router grain: its table, outcome reports, and its supervisor's timer deciding.</summary>
[Collection(ReleaseClusterCollection.Name)]
public sealed class RouterReleaseTests(ReleaseClusterFixture fixture)
{
    [Fact]
    public async Task StartCanary_ThenHarmfulOutcomes_SupervisorRollsBackAndTrafficReturnsToStable()
    {
        var router = await fixture.LoadModelAsync("release-harm", "1", "2");

        var started = await router.StartCanary(new CanaryRequest("2"), new ChangeAuthor("alice", "ship 2"));
        var during = (await router.GetRoutingTable())!;
        await router.ReportOutcomes(Report(await ArmsIdAsync(router), ("1", 900, 9), ("2", 100, 30)));
        var rollback = await fixture.WaitForEventAsync(router, ModelEventKind.ReleaseRolledBack);

        Assert.Equal([new VersionWeight("1", 90), new VersionWeight("2", 10)], during.Traffic!.Weights);
        Assert.Equal(new ExperimentArms(started.Id + "@10%", ReleaseKind.Canary, "1", "2", null, started.Id), during.Traffic.Experiment);
        Assert.Equal("fabric", rollback.Actor);
        Assert.Contains("Hard guard: canary error rate 30.00 % (30 of 100 requests)", rollback.Message, StringComparison.Ordinal);
        var after = (await router.GetRoutingTable())!;
        Assert.Null(after.Traffic);
        Assert.Equal("1", after.DefaultVersion);
        var experiment = (await router.GetExperiment())!;
        Assert.Equal(("RolledBack", 0.0, "Rollback"), (experiment.Status, experiment.CandidatePercent, experiment.Decision));
        Assert.Equal((900L, 9L, 100L, 30L), (experiment.Arms[0].Requests, experiment.Arms[0].Errors, experiment.Arms[1].Requests, experiment.Arms[1].Errors));
    }

    [Fact]
    public async Task ReportOutcomes_OfAnotherRelease_AreIgnored()
    {
        var router = await fixture.LoadModelAsync("release-stale", "1", "2");
        var started = await router.StartCanary(new CanaryRequest("2"), new ChangeAuthor("alice", "ship 2"));

        await router.ReportOutcomes(Report("canary-0", ("1", 900, 9), ("2", 100, 100)));
        await router.ReportOutcomes(Report(await ArmsIdAsync(router), ("1", 90, 0), ("2", 10, 0)));
        var mark = (await router.GetEvents(0)).Max(e => e.Sequence);
        await WaitForRequestsAsync(router, 100);

        Assert.Equal("Running", (await router.GetExperiment())!.Status);
        Assert.DoesNotContain(await router.GetEvents(mark), e => e.Kind == ModelEventKind.ReleaseRolledBack);
    }

    [Fact]
    public async Task Router_ReactivatedFromStorage_KeepsRegistryAndCanaryWhichStillDecides()
    {
        var router = await fixture.LoadModelAsync("release-persist", "1", "2", "3");
        await router.RetireVersion("3", new ChangeAuthor("alice", "unused"));
        var started = await router.StartCanary(new CanaryRequest("2", Steps: [20, 60]), new ChangeAuthor("alice", "ship 2"));
        await router.ReportOutcomes(Report(await ArmsIdAsync(router), ("1", 80, 0), ("2", 20, 0)));
        await WaitForRequestsAsync(router, 100);

        // The fixture checkpoints releases hourly, but any other write of the router's state (a supervisor round that
        // saw a replica change, the autoscaler) also saves the evidence: a new activation has either none or all of it.
        await router.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var experiment = (await router.GetExperiment())!;
        var table = (await router.GetRoutingTable())!;
        var versions = await router.GetVersions();
        await router.ReportOutcomes(Report(await ArmsIdAsync(router), ("1", 400, 4), ("2", 100, 40)));
        var rollback = await fixture.WaitForEventAsync(router, ModelEventKind.ReleaseRolledBack);

        Assert.Equal((started.Id, "Running", 20.0), (experiment.Id, experiment.Status, experiment.CandidatePercent));
        Assert.Equal([20.0, 60.0], experiment.Steps);
        Assert.Equal(["1", "2"], table.Versions.Select(v => v.Version));
        Assert.Equal([new VersionWeight("1", 80), new VersionWeight("2", 20)], table.Traffic!.Weights);
        Assert.Equal(VersionLifecycle.Retired, versions.Single(v => v.Version == "3").Lifecycle);
        Assert.Contains(experiment.Arms.Sum(a => a.Requests), new long[] { 0, 100 });
        Assert.Contains("40 of ", rollback.Message, StringComparison.Ordinal);
    }

    private static async Task<ExperimentView> WaitForRequestsAsync(IModelRouterGrain router, long requests)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!deadline.IsCancellationRequested)
        {
            if (await router.GetExperiment() is { } experiment && experiment.Arms.Sum(a => a.Requests) == requests)
            {
                return experiment;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        throw new TimeoutException($"the release did not count exactly {requests} requests within 30 s; it counts {(await router.GetExperiment())?.Arms.Sum(a => a.Requests)}");
    }

    /// <summary>The id fronts record arms under, as they read it from the routing table (the release and its split).</summary>
    private static async Task<string> ArmsIdAsync(IModelRouterGrain router) =>
        (await router.GetRoutingTable())!.Traffic!.Experiment!.Id;

    private static OutcomeReport Report(string experimentId, params (string Version, long Requests, long Errors)[] arms)
    {
        var outcomes = arms.Select(a => new VersionOutcomes(a.Version, a.Requests, a.Errors, 0, a.Requests, Math.Log(20), a.Requests * 0.05, 0, 0, 0,
            new long[LatencyBuckets.Count])).ToList();
        return new OutcomeReport("test front", experimentId, TimeSpan.FromSeconds(1), outcomes, null, outcomes);
    }
}
