using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Scaling;
using ServingFabric.Grains.Supervision;
using ServingFabric.Grains.Tests.Scaling;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;
using static ServingFabric.Grains.Tests.Placement.Silos;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>The replica scaler's rounds and settings on a fake clock, fake replicas and controlled silo resources: no cluster.</summary>
public sealed class ReplicaScalerTests
{
    private static readonly ModelDeploymentSpec Spec = new("m", new ModelConfig(Replicas: new ReplicaBounds(1, 4)), ["1"], "1");
    private static readonly ClusterView TwoSilos = Of(InferenceSilo(1, ""), InferenceSilo(2, ""));
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeReplicaCalls _replicas = new();
    private readonly ReplicaPlacementHints _hints = new();
    private readonly ReplicaScalingOptions _options = new();
    private readonly FakeRouterContext _router;
    private readonly ReplicaScaler _scaler;

    public ReplicaScalerTests()
    {
        _router = new FakeRouterContext(_time, Spec);
        _scaler = new ReplicaScaler(_router, _replicas, new ControlledSiloResources(), _hints, _options, new ReplicaSupervisorOptions(), _time, NullLogger<ReplicaScaler>.Instance);
        _router.State.Replicas["m/1/0"] = Seen("m/1/0", 1, null);
    }

    [Fact]
    public async Task EvaluateAsync_InFlightTwiceTheTarget_ScalesToTwoAndActivatesTheNewReplica()
    {
        _router.State.Scaling.Overrides = new ScalingSettings(TargetInFlightPerReplica: 2);
        _scaler.Ingest(new OutcomeReport("front-1", null, TimeSpan.FromSeconds(1), [], new Dictionary<string, int> { ["1"] = 4 }), ["1"]);
        // The first round of an activation restarts the policy's window at the current replicas: it decides from the next.
        await _scaler.EvaluateAsync(Spec, ["1"], TwoSilos, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        var dirty = await _scaler.EvaluateAsync(Spec, ["1"], TwoSilos, CancellationToken.None);

        Assert.True(dirty);
        var scaling = _router.State.Scaling.Versions["1"];
        Assert.Equal((2, 2, Now.AddSeconds(1)), (scaling.Desired, scaling.Active, scaling.ScaledUpAt));
        Assert.Equal(["m/1/1"], _replicas.Probed);
        var scaled = Assert.Single(_router.Events);
        Assert.Equal((ModelEventKind.ReplicasScaled, "fabric"), (scaled.Kind, scaled.Actor));
        Assert.StartsWith("scaled m/1 from 1 to 2 replicas: ", scaled.Message, StringComparison.Ordinal);
        Assert.Equal((1, 2), (Assert.Single(_router.State.Scaling.RecentDecisions).From, _router.State.Scaling.RecentDecisions[0].To));
        Assert.Equal(1, _router.TableInvalidations);
    }

    [Fact]
    public async Task EvaluateAsync_ScaledUpReplicaReady_JoinsTheRoutingTableWithAnEvent()
    {
        _router.State.Scaling.Versions["1"] = new VersionScalingState { Desired = 2, Active = 2, Serving = [0], ScaledUpAt = Now.AddSeconds(-3) };
        _router.State.Replicas["m/1/1"] = Seen("m/1/1", 2, null);

        await _scaler.EvaluateAsync(Spec, ["1"], TwoSilos, CancellationToken.None);

        Assert.Equal([0, 1], _router.State.Scaling.Versions["1"].Serving);
        Assert.Null(_router.State.Scaling.Versions["1"].ScaledUpAt);
        var joined = Assert.Single(_router.Events);
        Assert.Equal(("m/1/1", "replica m/1/1 is warm and takes traffic (2 of 2 serving, 3.0 s after the scale-up)"), (joined.ReplicaKey, joined.Message));
        Assert.Equal(1, _router.TableInvalidations);
    }

    [Fact]
    public async Task EvaluateAsync_DrainingReplica_UnloadsItOnlyOnceTheDrainDelayPassed()
    {
        _router.State.Scaling.Versions["1"] = new VersionScalingState { Desired = 1, Active = 2, Serving = [0], DrainStartedAt = Now };
        _router.State.Replicas["m/1/1"] = Seen("m/1/1", 2, null);
        _hints.Record("m/1/1", Address(2));

        await _scaler.EvaluateAsync(Spec, ["1"], TwoSilos, CancellationToken.None);
        Assert.Empty(_replicas.Unloaded);
        _time.Advance(_options.DrainDelay);
        var dirty = await _scaler.EvaluateAsync(Spec, ["1"], TwoSilos, CancellationToken.None);

        Assert.True(dirty);
        Assert.Equal(["m/1/1"], _replicas.Unloaded);
        Assert.Equal((1, null), (_router.State.Scaling.Versions["1"].Active, _router.State.Scaling.Versions["1"].DrainStartedAt));
        Assert.False(_router.State.Replicas.ContainsKey("m/1/1"));
        Assert.Equal(0, _hints.LoadOf(Address(2)));
        Assert.Equal("drained and unloaded m/1/1: out of the routing table for 2.0 s, no request in flight", Assert.Single(_router.Events).Message);
    }

    [Fact]
    public async Task EvaluateAsync_VersionNoLongerActive_ForgetsItsScalingState()
    {
        _router.State.Scaling.Versions["0"] = new VersionScalingState { Desired = 1, Active = 1, Serving = [0] };

        var dirty = await _scaler.EvaluateAsync(Spec, ["1"], TwoSilos, CancellationToken.None);

        Assert.True(dirty);
        Assert.Equal(["1"], _router.State.Scaling.Versions.Keys);
    }

    [Fact]
    public async Task SetAsync_MinReplicasRaised_ScalesAtOnceRecordsWhoAndWrites()
    {
        var view = await _scaler.SetAsync(new ScalingSettings(MinReplicas: 3), new ChangeAuthor("carol", "launch"), ["1"]);

        Assert.Equal(3, view.ReplicasByVersion["1"]);
        Assert.Equal(["m/1/1", "m/1/2"], _replicas.Probed);
        Assert.Equal([(ModelEventKind.ScalingChanged, "carol"), (ModelEventKind.ReplicasScaled, "carol")], _router.Events.Select(e => (e.Kind, e.Actor!)));
        Assert.Equal("scaling of m changed by carol (launch): minReplicas 1 → 3", _router.Events[0].Message);
        Assert.StartsWith("scaled m/1 from 1 to 3 replicas: minReplicas raised to 3 by carol (launch)", _router.Events[1].Message, StringComparison.Ordinal);
        Assert.Equal(1, _router.Writes);
    }

    [Fact]
    public async Task SetAsync_MinAboveMax_IsRefusedAndChangesNothing()
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => _scaler.SetAsync(new ScalingSettings(MinReplicas: 5, MaxReplicas: 2), new ChangeAuthor("carol", "oops"), ["1"]));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Equal(new ScalingSettings(), _router.State.Scaling.Overrides);
        Assert.Empty(_router.Events);
        Assert.Equal(0, _router.Writes);
    }

    [Theory]
    [InlineData(3, null, 16)]
    [InlineData(10, null, 40)]
    [InlineData(10, 7, 7)]
    public void AdmissionOf_ConcurrencyLimit_BoundsTheQueue(int maxConcurrency, int? maxQueueLength, int expectedQueue)
    {
        _router.State.Scaling.Overrides = new ScalingSettings(MaxConcurrency: maxConcurrency, MaxQueueLength: maxQueueLength);

        Assert.Equal(new AdmissionLimits(maxConcurrency, expectedQueue, _options.DefaultQueueTimeout), _scaler.AdmissionOf());
    }

    [Fact]
    public void AdmissionOf_NoLimits_IsNull() => Assert.Null(_scaler.AdmissionOf());
}
