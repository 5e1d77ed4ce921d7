using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Releases;
using ServingFabric.Grains.Routing;
using ServingFabric.Models;
using ServingFabric.Releases;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>The release driver carrying out registry and release changes on a fake clock and fake replicas: no cluster.</summary>
public sealed class ReleaseDriverTests
{
    private static readonly ModelDeploymentSpec Spec = new("m", new ModelConfig(), ["1", "2"], "1");
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(2);
    private static readonly ChangeAuthor Alice = new("alice", "tidy up");
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeReplicaCalls _replicas = new();
    private readonly ReleaseOptions _options = new();
    private readonly FakeRouterContext _router;
    private readonly RetiredReplicas _retired;
    private readonly ReleaseDriver _driver;

    public ReleaseDriverTests()
    {
        _router = new FakeRouterContext(_time, Spec);
        _retired = new RetiredReplicas(_replicas, DrainDelay, _time, NullLogger<RetiredReplicas>.Instance);
        _driver = new ReleaseDriver(_router, _retired, _options, _time, NullLogger<ReleaseDriver>.Instance);
        _driver.Versions(Spec).SyncWithRepository();
        _router.State.Replicas["m/2/0"] = Seen("m/2/0", 1, null);
    }

    [Fact]
    public async Task ChangeAsync_RetireWhileSupervising_WritesAndUnloadsOnlyAfterTheDrainDelay()
    {
        await _driver.ChangeAsync(Spec, (releases, change) => releases.Registry.Retire("2", Alice, change));

        Assert.Equal(["1"], _driver.Versions(Spec).Active);
        Assert.False(_router.State.Replicas.ContainsKey("m/2/0"));
        Assert.Equal((1, 1), (_router.Writes, _router.TableInvalidations));
        Assert.Equal(ModelEventKind.VersionRetired, Assert.Single(_router.Events).Kind);
        Assert.Empty(_replicas.Unloaded);
        _time.Advance(DrainDelay);
        await _retired.UnloadDueAsync();
        Assert.Equal(["m/2/0"], _replicas.Unloaded);
    }

    [Fact]
    public async Task ChangeAsync_RetireWithoutSupervisor_UnloadsAtOnce()
    {
        _router.IsSupervising = false;

        await _driver.ChangeAsync(Spec, (releases, change) => releases.Registry.Retire("2", Alice, change));

        Assert.Equal(["m/2/0"], _replicas.Unloaded);
    }

    [Fact]
    public async Task ChangeAsync_Refused_ChangesNothing()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => _driver.ChangeAsync(Spec, (releases, change) => releases.Registry.Retire("1", Alice, change)));

        Assert.Equal((0, 0), (_router.Writes, _router.TableInvalidations));
        Assert.Empty(_router.Events);
    }

    [Fact]
    public async Task ChangeAsync_StartCanary_SplitsTrafficAndShowsTheRelease()
    {
        await _driver.ChangeAsync(Spec, (releases, change) => releases.StartCanary(new CanaryRequest("2"), Alice, _driver.LatencyBaselineMs, change));

        Assert.Equal([new VersionWeight("1", 90), new VersionWeight("2", 10)], _driver.TrafficPolicyOf(Spec)!.Weights);
        Assert.Equal(("canary-1", 10), (_driver.CurrentView()!.Id, _driver.CurrentView()!.CandidatePercent));
        Assert.Equal([(ModelEventKind.ReleaseStarted, "alice")], _router.Events.Select(e => (e.Kind, e.Actor!)));
        Assert.Equal((1, 1), (_router.Writes, _router.TableInvalidations));
    }

    [Fact]
    public async Task EvaluateAsync_NoRelease_ChangesNothing()
    {
        Assert.False(await _driver.EvaluateAsync(Spec, CancellationToken.None));
        Assert.Empty(_router.Events);
    }

    [Fact]
    public async Task EvaluateAsync_RunningReleaseWithoutNews_AsksForAWriteOnlyAtTheCheckpoint()
    {
        await _driver.ChangeAsync(Spec, (releases, change) => releases.StartCanary(new CanaryRequest("2"), Alice, _driver.LatencyBaselineMs, change));

        var early = await _driver.EvaluateAsync(Spec, CancellationToken.None);
        _time.Advance(_options.CheckpointInterval);
        var atCheckpoint = await _driver.EvaluateAsync(Spec, CancellationToken.None);

        Assert.Equal((false, true), (early, atCheckpoint));
        Assert.Single(_router.Events);
    }
}
