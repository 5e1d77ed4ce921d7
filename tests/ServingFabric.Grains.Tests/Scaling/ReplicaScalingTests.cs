using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;
using static ServingFabric.Grains.Tests.Scaling.ScalingWaits;

namespace ServingFabric.Grains.Tests.Scaling;

/// <summary>Operators change a model's bounds; the router adds, warms, spreads, drains and unloads replicas, and says why.</summary>
[Collection(ScalingClusterCollection.Name)]
public sealed class ReplicaScalingTests(ScalingClusterFixture fixture)
{
    private static readonly ChangeAuthor Alice = new("alice", "launch traffic");

    [Fact]
    public async Task SetScaling_MinRaised_AddsReplicasThatTakeTrafficOnlyOnceWarmOnSeparateSilos()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>("lift");
        await StatusUntilAsync(router, s => s.Loaded && ReplicasOf(s) is [{ Health: ReplicaHealth.Healthy }], "one healthy replica");
        var mark = (await router.GetEvents(0)).Max(e => e.Sequence);

        var view = await router.SetScaling(new ScalingSettings(MinReplicas: 3), Alice);

        Assert.Equal(3, view.ReplicasByVersion["1"]);
        Assert.Equal(1, view.ServingByVersion["1"]);
        var decision = view.RecentDecisions[^1];
        Assert.Equal((1, 3, "minReplicas raised to 3 by alice (launch traffic)"), (decision.From, decision.To, decision.Reason));

        // Every key the table ever offers during the scale-up answers as ready: none enters while loading.
        var table = await UntilAsync(async () =>
        {
            var current = (await router.GetRoutingTable())!;
            var statuses = await Task.WhenAll(ServingKeys(current).Select(key => fixture.Client.GetGrain<IModelReplicaGrain>(key).GetStatus()));
            Assert.All(statuses, status => Assert.Equal(ReplicaState.Ready, status.State));
            return current;
        }, t => ServingKeys(t).Count == 3, "three replicas in the routing table", t => string.Join(", ", ServingKeys(t)));
        var silos = await Task.WhenAll(ServingKeys(table).Select(key => fixture.Client.GetGrain<IModelReplicaGrain>(key).GetStatus()));
        var events = (await router.GetEvents(mark)).Where(e => e.Kind is ModelEventKind.ScalingChanged or ModelEventKind.ReplicasScaled).ToList();

        Assert.Equal(["lift/1/0", "lift/1/1", "lift/1/2"], ServingKeys(table));
        Assert.Equal(3, silos.Select(s => s.Silo).Distinct().Count());
        Assert.Equal(4, events.Count);
        Assert.Equal((ModelEventKind.ScalingChanged, "alice"), (events[0].Kind, events[0].Actor));
        Assert.Equal("scaling of lift changed by alice (launch traffic): minReplicas 1 → 3", events[0].Message);
        Assert.Equal("scaled lift/1 from 1 to 3 replicas: minReplicas raised to 3 by alice (launch traffic)", events[1].Message);
        Assert.Equal(["lift/1/1", "lift/1/2"], events.Skip(2).Select(e => e.ReplicaKey).Order());
        Assert.All(events.Skip(2), e => Assert.Matches(@"^replica lift/1/\d is warm and takes traffic \(\d of 3 serving, \d+\.\d s after the scale-up\)$", e.Message));
    }

    [Fact]
    public async Task SetScaling_MinLowered_DrainsTheHighestReplicasThenUnloadsThem()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>("drain");
        await StatusUntilAsync(router, s => s.Loaded && ReplicasOf(s) is [{ Health: ReplicaHealth.Healthy }], "one healthy replica");
        await router.SetScaling(new ScalingSettings(MinReplicas: 3), Alice);
        await TableUntilAsync(router, t => ServingKeys(t).Count == 3, "three replicas serving");
        var mark = (await router.GetEvents(0)).Max(e => e.Sequence);

        var view = await router.SetScaling(new ScalingSettings(MinReplicas: 1), new ChangeAuthor("bob", "launch over"));
        var drained = await UntilAsync(() => router.GetEvents(mark), e => e.Any(x => x.Message.StartsWith("drained and unloaded", StringComparison.Ordinal)),
            "the drained replicas unloaded", e => string.Join("; ", e.Select(x => x.Message)));
        var table = await router.GetRoutingTable();
        var status = await router.GetStatus();

        // The autoscaler saw no load while the operator held the minimum at 3, so nothing in its window keeps them.
        Assert.Equal(3, view.ReplicasByVersion["1"]);
        var scaled = Assert.Single(drained, e => e.Kind == ModelEventKind.ReplicasScaled && e.Message.StartsWith("scaled drain/1 from 3 to 1 replicas:", StringComparison.Ordinal));
        var unloaded = Assert.Single(drained, e => e.Message.StartsWith("drained and unloaded", StringComparison.Ordinal));
        Assert.Equal("fabric", scaled.Actor);
        Assert.EndsWith("; draining drain/1/1, drain/1/2: out of the routing table now, unloaded once idle", scaled.Message, StringComparison.Ordinal);
        Assert.Contains("in-flight per replica 0 < target 128", scaled.Message, StringComparison.Ordinal);
        Assert.True(unloaded.Sequence > scaled.Sequence);
        Assert.Matches(@"^drained and unloaded drain/1/1, drain/1/2: out of the routing table for \d+\.\d s, no request in flight$", unloaded.Message);
        Assert.Equal(["drain/1/0"], ServingKeys(table!));
        Assert.Equal(["drain/1/0"], ReplicasOf(status!).Select(r => r.ReplicaKey));
        Assert.Equal(1, status!.Scaling!.ReplicasByVersion["1"]);
    }

    [Fact]
    public async Task ReplicaScaledDown_CalledAgainByAStaleFront_RefusesToLoad()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>("drain");
        await StatusUntilAsync(router, s => s.Loaded && s.Scaling!.ReplicasByVersion["1"] == 1 && ReplicasOf(s).Count == 1, "drain at one replica");

        // Until the unloaded activation is gone the call may still reach it; a fresh activation must refuse.
        var status = await UntilAsync(() => fixture.Client.GetGrain<IModelReplicaGrain>("drain/1/2").EnsureLoaded(), s => s.State == ReplicaState.Failed,
            "a fresh activation of drain/1/2 refusing", s => $"{s.State} {s.Error}");

        Assert.Equal("replica 2 of model 'drain' version '1' is not wanted: the version runs 1 replica(s) now (scaled down)", status.Error);
    }

    [Fact]
    public async Task SetScaling_MaxBelowMin_Refused400WithTheFixAndNothingChanged()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>("lift");
        var before = await router.GetScaling();

        var error = await Assert.ThrowsAsync<InferenceException>(() => router.SetScaling(new ScalingSettings(MinReplicas: 2, MaxReplicas: 1, MaxCpuPercent: 150), Alice));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Equal("scaling settings of model 'lift' not changed: maxReplicas 1 is below minReplicas 2; set maxReplicas to 2 or more, or lower minReplicas. " +
            "maxCpuPercent is 150; set a percentage in (0, 100] such as 80.", error.Message);
        Assert.Equal(before!.Settings, (await router.GetScaling())!.Settings);
    }

    [Fact]
    public async Task SetScaling_ModelNeverDeployed_Refused404()
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IModelRouterGrain>("nowhere").SetScaling(new ScalingSettings(MinReplicas: 2), Alice));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
    }
}
