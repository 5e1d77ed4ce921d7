using ServingFabric.Grains.Tests.Fronts;
using ServingFabric.Inference;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>What an operator sets on the router (weights, faults) reaches the fronts' request path; no test override here.</summary>
[Collection(TrafficClusterCollection.Name)]
public sealed class RouterTrafficTests(TrafficClusterFixture fixture)
{
    private const string Model = "operated";
    private const string Canaried = "canaried";
    private static readonly ChangeAuthor Operator = new("ops", "rollback rehearsal");

    [Fact]
    public async Task SetFaultInjection_AbortAllOfDefault_FrontFails500UntilCleared()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>(Model);
        await fixture.InferAsync(Model, 0);

        await router.SetFaultInjection("1", new FaultInjection("1", 100, 500, 0, TimeSpan.Zero), Operator);
        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.InferAsync(Model, 1));
        await router.SetFaultInjection("1", null, Operator);
        var healed = await fixture.InferAsync(Model, 2);

        Assert.Equal(InferenceErrorKind.Internal, error.Kind);
        Assert.Equal($"fault injected by an operator for version 1 (abort 100%); clear it with DELETE /v1/models/{Model}/versions/1/fault", error.Message);
        Assert.Equal("1", healed.ModelVersion);
    }

    [Fact]
    public async Task SetTraffic_AllWeightOnVersion2_UnversionedRequestsServedBy2()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>(Model);

        await router.SetTraffic(new TrafficSettings([new VersionWeight("1", 0), new VersionWeight("2", 100)], Mirror: null), Operator);
        var versions = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            versions.Add((await fixture.InferAsync(Model, 10 + i)).ModelVersion);
        }

        await router.SetTraffic(new TrafficSettings([], Mirror: null), Operator);
        var afterReset = await fixture.InferAsync(Model, 30);

        Assert.All(versions, version => Assert.Equal("2", version));
        Assert.Equal("1", afterReset.ModelVersion);
    }

    [Fact]
    public async Task StartCanary_UnversionedRequests_ArmsReachTheRouterSplitAsConfigured()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>(Canaried);
        await router.StartCanary(new CanaryRequest("2", Steps: [20, 100]), Operator);

        var versions = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            versions.Add((await fixture.InferAsync(Canaried, i)).ModelVersion);
        }

        var experiment = await WaitForArmRequestsAsync(router, 100);
        await router.AbortRelease(Operator);

        var candidate = experiment.Arms.Single(a => a.Version == "2");
        Assert.Equal(versions.Count(v => v == "2"), candidate.Requests);
        Assert.Equal(versions.Count(v => v == "1"), experiment.Arms.Single(a => a.Version == "1").Requests);
        Assert.InRange(candidate.Requests, 5, 40);
    }

    private static async Task<ExperimentView> WaitForArmRequestsAsync(IModelRouterGrain router, long requests)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ExperimentView? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await router.GetExperiment();
            if (last is not null && last.Arms.Sum(a => a.Requests) >= requests)
            {
                return last;
            }

            // The router evaluates its release every supervisor round (200 ms here).
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        throw new TimeoutException($"the release's arms did not reach {requests} requests within 30 s; last view: " +
            string.Join(", ", last?.Arms.Select(a => $"{a.Version}: {a.Requests}") ?? []));
    }
}
