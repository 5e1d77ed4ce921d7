using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Placement.Silos;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>The supervisor's rounds on a fake clock, fake replicas and a fixed cluster view: no cluster.</summary>
public sealed class ReplicaSupervisorTests
{
    private static readonly ModelDeploymentSpec Spec = new("m", new ModelConfig(), ["1"], "1", ReplicasPerVersion: 2);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeReplicaCalls _replicas = new();
    private readonly ReplicaPlacementHints _hints = new();
    private readonly FakeRouterContext _router;
    private readonly ReplicaSupervisor _supervisor;

    public ReplicaSupervisorTests()
    {
        _router = new FakeRouterContext(_time, Spec);
        _supervisor = new ReplicaSupervisor(_router, _replicas, _hints, _time, NullLogger<ReplicaSupervisor>.Instance);
    }

    [Fact]
    public async Task SuperviseAsync_ReplicasAnswer_RecordsWhereTheyAreAndHintsPlacement()
    {
        var cluster = Of(InferenceSilo(1, "a"), InferenceSilo(2, "b"));
        _replicas.Answers["m/1/0"] = Answer("m/1/0", 1);
        _replicas.Answers["m/1/1"] = Answer("m/1/1", 2, ReplicaState.Loading);

        var dirty = await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        Assert.True(dirty);
        Assert.Equal(["m/1/0", "m/1/1"], _replicas.Probed);
        Assert.Equal(new ReplicaObservation("m/1/0", Name(1), "a", "a", ReplicaState.Ready, ReplicaHealth.Healthy, null, 0, 0, Now, Now), _router.State.Replicas["m/1/0"]);
        Assert.Equal(new ReplicaObservation("m/1/1", Name(2), "b", "b", ReplicaState.Loading, ReplicaHealth.Warming, null, 0, 0, Now, Now), _router.State.Replicas["m/1/1"]);
        Assert.Empty(_router.Events);
        Assert.Equal((1, 1), (_hints.LoadOf(Address(1)), _hints.LoadOf(Address(2))));
    }

    [Fact]
    public async Task SuperviseAsync_NothingChanged_IsNotDirty()
    {
        var cluster = Of(InferenceSilo(1, "a"), InferenceSilo(2, "b"));
        AnswerFrom(1, 2);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        _time.Advance(TimeSpan.FromSeconds(2));

        var dirty = await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        Assert.False(dirty);
        Assert.Empty(_router.Events);
        Assert.Equal(Now.AddSeconds(2), _router.State.Replicas["m/1/0"].ObservedAt);
    }

    [Fact]
    public async Task SuperviseAsync_ProbeFailsOnLiveSilo_UnreachableWithLastGoodProbeThenReadyAgain()
    {
        var cluster = Of(InferenceSilo(1, "a"), InferenceSilo(2, "b"));
        AnswerFrom(1, 2);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        _time.Advance(TimeSpan.FromSeconds(2));
        _replicas.Answers["m/1/0"] = ReplicaProbe.Failed("no answer within 5 s");

        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        var unreachable = _router.State.Replicas["m/1/0"];
        _time.Advance(TimeSpan.FromSeconds(2));
        _replicas.Answers["m/1/0"] = Answer("m/1/0", 1);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        var recovered = _router.State.Replicas["m/1/0"];

        Assert.Equal((ReplicaHealth.Unreachable, (ReplicaState?)null, Name(1), Now), (unreachable.Health, unreachable.State, unreachable.Silo, unreachable.LastGoodProbe));
        Assert.Equal("no answer within 5 s", unreachable.Error);
        Assert.Equal((ReplicaHealth.Healthy, (ReplicaState?)ReplicaState.Ready, Now.AddSeconds(4)), (recovered.Health, recovered.State, recovered.LastGoodProbe));
        Assert.Equal([ModelEventKind.ReplicaUnhealthy, ModelEventKind.ReplicaRecovered], _router.Events.Select(e => e.Kind));
        Assert.Contains($"unreachable: it did not answer its probe (no answer within 5 s; last good probe at {Now:O})", _router.Events[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuperviseAsync_OneProbeStillWaiting_AFailedProbeIsShownUnreachableBeforeTheRoundEnds()
    {
        var cluster = Of(InferenceSilo(1, "a"), InferenceSilo(2, "b"));
        AnswerFrom(1, 2);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        var frozen = new TaskCompletionSource<ReplicaProbe>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replicas.Pending["m/1/0"] = frozen;
        _replicas.Answers["m/1/1"] = ReplicaProbe.Failed("connection refused");

        var round = _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        var duringRound = _router.State.Replicas["m/1/1"].Health;
        var frozenDuringRound = _router.State.Replicas["m/1/0"].Health;
        frozen.SetResult(ReplicaProbe.Failed("no answer within 5 s"));
        await round;

        Assert.Equal((ReplicaHealth.Unreachable, ReplicaHealth.Healthy), (duringRound, frozenDuringRound));
        Assert.Equal(ReplicaHealth.Unreachable, _router.State.Replicas["m/1/0"].Health);
    }

    [Fact]
    public async Task SuperviseAsync_SiloGoneAndNoAnswer_RecordsTheReplicaLost()
    {
        var cluster = Of(InferenceSilo(1, "a"), InferenceSilo(2, "b"));
        _router.State.Replicas["m/1/0"] = Seen("m/1/0", 3, "c");
        _replicas.Answers["m/1/1"] = Answer("m/1/1", 2);

        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        var lost = Assert.Single(_router.Events);
        Assert.Equal((ModelEventKind.ReplicaLost, "m/1/0", Name(3), "c"), (lost.Kind, lost.ReplicaKey, lost.Silo, lost.Zone));
        Assert.Equal(ReplicaHealth.Lost, _router.State.Replicas["m/1/0"].Health);
    }

    [Fact]
    public async Task SuperviseAsync_TwoReplicasInOneZoneOnASettledView_MovesTheSecondWithItsSiblingsSilo()
    {
        var cluster = Of(InferenceSilo(1, "a"), InferenceSilo(2, "b"));
        AnswerFrom(1, 1);

        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        Assert.Empty(_replicas.Relocated);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        Assert.Equal([("m/1/1", Address(1).ToParsableString())], _replicas.Relocated);
        _replicas.Answers["m/1/1"] = Answer("m/1/1", 2);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        var moved = Assert.Single(_router.Events);
        Assert.Equal((ModelEventKind.ReplicaRelocated, "m/1/1", Name(2), "b"), (moved.Kind, moved.ReplicaKey, moved.Silo, moved.Zone));
    }

    [Fact]
    public async Task SuperviseAsync_MoveRefused_NextSiloChangeIsAReplacementNotARelocation()
    {
        var cluster = Of(InferenceSilo(1, "a"), InferenceSilo(2, "b"));
        AnswerFrom(1, 1);
        _replicas.RefuseRelocation = true;
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        _replicas.Answers["m/1/1"] = Answer("m/1/1", 2);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        Assert.Single(_replicas.Relocated);
        Assert.Equal([ModelEventKind.ReplicaReplaced], _router.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task SuperviseAsync_FewerSilosThanReplicas_ReportsTheDegradedSpreadOnce()
    {
        var cluster = Of(InferenceSilo(1, "a"));
        AnswerFrom(1, 1);

        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        var judged = await _supervisor.SuperviseAsync(Spec, ["1"], cluster);
        var again = await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        Assert.Equal((true, false), (judged, again));
        var degraded = Assert.Single(_router.Events);
        Assert.Equal(ModelEventKind.SpreadDegraded, degraded.Kind);
        Assert.StartsWith("2 replicas of m/1 over 1 zone(s) and 1 inference silo(s) (a: 2)", degraded.Message, StringComparison.Ordinal);
        Assert.Equal(["1@1"], _router.State.DegradedVersions);
    }

    [Fact]
    public async Task Stop_ThenSupervise_WaitsForASettledViewAgain()
    {
        var cluster = Of(InferenceSilo(1, "a"));
        AnswerFrom(1, 1);
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        _supervisor.Stop();
        await _supervisor.SuperviseAsync(Spec, ["1"], cluster);

        Assert.Empty(_router.Events);
    }

    [Fact]
    public void RecordHealthReport_EjectedTwice_RecordsOneEjection()
    {
        _router.State.Replicas["m/1/0"] = Seen("m/1/0", 1, "a");
        var report = new ReplicaHealthReport(ReplicaHealthVerdict.Ejected, "5 errors in a row", "front-1");

        var first = _supervisor.RecordHealthReport("m/1/0", report);
        var second = _supervisor.RecordHealthReport("m/1/0", report);

        Assert.Equal((true, false), (first, second));
        var ejected = Assert.Single(_router.Events);
        Assert.Equal((ModelEventKind.ReplicaEjected, "replica m/1/0 ejected from rotation: 5 errors in a row (reported by front-1)"), (ejected.Kind, ejected.Message));
        Assert.Equal((ReplicaHealth.Ejected, "5 errors in a row"), (_router.State.Replicas["m/1/0"].Health, _router.State.Replicas["m/1/0"].Error));
    }

    [Fact]
    public void RecordHealthReport_HealthyAfterEjection_RestoresTheProbedHealth()
    {
        _router.State.Replicas["m/1/0"] = Seen("m/1/0", 1, "a") with { Health = ReplicaHealth.Ejected, Error = "slow" };

        var changed = _supervisor.RecordHealthReport("m/1/0", new ReplicaHealthReport(ReplicaHealthVerdict.Healthy));

        Assert.True(changed);
        Assert.Equal((ReplicaHealth.Healthy, null), (_router.State.Replicas["m/1/0"].Health, _router.State.Replicas["m/1/0"].Error));
        Assert.Equal("replica m/1/0 is back in rotation", Assert.Single(_router.Events).Message);
    }

    [Theory]
    [InlineData("other/1/0")]
    [InlineData("m-without-index")]
    public void RecordHealthReport_KeyOfAnotherModel_Throws(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => _supervisor.RecordHealthReport(key, new ReplicaHealthReport(ReplicaHealthVerdict.Failed)));

        Assert.Equal("replicaKey", error.ParamName);
        Assert.Empty(_router.Events);
    }

    /// <summary>Replica <c>m/1/i</c> answers ready from silo <c>silos[i]</c>.</summary>
    private void AnswerFrom(params int[] silos)
    {
        for (var i = 0; i < silos.Length; i++)
        {
            _replicas.Answers[$"m/1/{i}"] = Answer($"m/1/{i}", silos[i]);
        }
    }
}
