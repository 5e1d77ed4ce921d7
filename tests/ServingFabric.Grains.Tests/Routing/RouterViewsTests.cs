using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Releases;
using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Scaling;
using ServingFabric.Grains.Supervision;
using ServingFabric.Grains.Tests.Scaling;
using ServingFabric.Models;
using ServingFabric.Scaling;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Routing;

public sealed class RouterViewsTests
{
    private static readonly ModelDeploymentSpec Spec = new("m", new ModelConfig(MaxBatchSize: 8), ["1", "2"], "2");
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeRouterContext _router;
    private readonly RouterViews _views;

    public RouterViewsTests()
    {
        _router = new FakeRouterContext(_time, Spec);
        var replicas = new FakeReplicaCalls();
        var releases = new ReleaseDriver(_router, new RetiredReplicas(replicas, TimeSpan.FromSeconds(2), _time, NullLogger<RetiredReplicas>.Instance),
            new ReleaseOptions(), _time, NullLogger<ReleaseDriver>.Instance);
        var scaler = new ReplicaScaler(_router, replicas, new ControlledSiloResources(), new ReplicaPlacementHints(), new ReplicaScalingOptions(),
            new ReplicaSupervisorOptions(), _time, NullLogger<ReplicaScaler>.Instance);
        _views = new RouterViews(_router, releases, scaler, _time);
        releases.Versions(Spec).SyncWithRepository();
    }

    [Fact]
    public void TableOf_TwoVersionsOneWarmingScaledReplica_RoutesTheReadyKeysOnly()
    {
        _router.State.Revision = 4;
        _router.State.Scaling.Versions["2"] = new VersionScalingState { Desired = 2, Active = 2, Serving = [0, 1] };
        _router.State.Replicas["m/2/1"] = Seen("m/2/1", 1, null, ReplicaHealth.Warming);
        _router.State.Scaling.Overrides = new ScalingSettings(MaxConcurrency: 2);

        var table = _views.TableOf(Spec);

        Assert.Equal(("m", 4L, true, "2", 8), (table.ModelName, table.Revision, table.Loaded, table.DefaultVersion, table.MaxBatchSize));
        Assert.Equal([("1", "m/1/0", 1), ("2", "m/2/0", 2)], table.Versions.Select(v => (v.Version, string.Join(",", v.ReplicaKeys), v.DesiredReplicas)));
        Assert.Equal(new AdmissionLimits(2, 16, TimeSpan.FromSeconds(5)), table.Admission);
        Assert.Null(table.Traffic);
    }

    [Fact]
    public void StatusOf_Unloaded_ShowsEveryReplicaUnknown()
    {
        _router.State.Loaded = false;
        _router.State.Replicas["m/1/0"] = Seen("m/1/0", 1, null);

        var status = _views.StatusOf(Spec);

        Assert.False(status.Loaded);
        Assert.Equal([("m/1/0", ReplicaHealth.Unknown), ("m/2/0", ReplicaHealth.Unknown)], status.Versions.SelectMany(v => v.Replicas).Select(r => (r.ReplicaKey, r.Health)));
        Assert.Equal([1, 1], status.Scaling!.ReplicasByVersion.Values);
    }
}
