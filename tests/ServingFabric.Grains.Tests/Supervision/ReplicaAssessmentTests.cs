using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Placement.Silos;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Supervision;

public sealed class ReplicaAssessmentTests
{
    private const string Key = "iris/1/2";
    private static readonly ClusterView ZonesAB = Of(InferenceSilo(0, "a"), InferenceSilo(1, "b"));

    [Fact]
    public void Assess_FirstAnswer_RecordsSiloZoneAndNoEvent()
    {
        var (observation, events) = ReplicaAssessment.Assess(Key, null, Answer(Key, 0), ZonesAB, "a", relocating: false, Now);

        Assert.Equal(new ReplicaObservation(Key, Name(0), "a", "a", ReplicaState.Ready, ReplicaHealth.Healthy, null, 0, 0, Now, Now), observation);
        Assert.Empty(events);
    }

    [Fact]
    public void Assess_SiloDiedAndReplicaAnswersElsewhere_ReportsLostThenReplaced()
    {
        var (observation, events) = ReplicaAssessment.Assess(Key, Seen(Key, 2, "c"), Answer(Key, 0), ZonesAB, "a", relocating: false, Now);

        Assert.Equal([ModelEventKind.ReplicaLost, ModelEventKind.ReplicaReplaced], events.Select(e => e.Kind));
        Assert.Equal((Name(2), "c"), (events[0].Silo, events[0].Zone));
        Assert.Equal((Name(0), "a"), (events[1].Silo, events[1].Zone));
        Assert.Equal(ReplicaHealth.Healthy, observation.Health);
    }

    [Fact]
    public void Assess_UnreachableThenAnswersElsewhereWhileTheViewStillListsItsSilo_ReportsLostThenReplaced()
    {
        // The round's view was read before the probe; membership declared silo 0 dead in between, and the probe reached
        // the replica's new activation on silo 1. Before, only ReplicaReplaced was reported: the status page browser test
        // then waited in vain for the ReplicaLost of the killed silo.
        var unreachable = Seen(Key, 0, "a") with { Health = ReplicaHealth.Unreachable };

        var (observation, events) = ReplicaAssessment.Assess(Key, unreachable, Answer(Key, 1), ZonesAB, "a", relocating: false, Now);

        Assert.Equal([ModelEventKind.ReplicaLost, ModelEventKind.ReplicaReplaced], events.Select(e => e.Kind));
        Assert.Equal(Name(0), events[0].Silo);
        Assert.Equal((Name(1), ReplicaHealth.Healthy), (observation.Silo, observation.Health));
    }

    [Fact]
    public void Assess_SiloDiedAndProbeFails_ReportsLostOnce()
    {
        var (lost, first) = ReplicaAssessment.Assess(Key, Seen(Key, 2, "c"), ReplicaProbe.Failed("timeout"), ZonesAB, "a", false, Now);
        var (_, second) = ReplicaAssessment.Assess(Key, lost, ReplicaProbe.Failed("timeout"), ZonesAB, "a", false, Now);
        var (_, third) = ReplicaAssessment.Assess(Key, lost, Answer(Key, 1), ZonesAB, "a", false, Now);

        Assert.Equal([ModelEventKind.ReplicaLost], first.Select(e => e.Kind));
        Assert.Equal(ReplicaHealth.Lost, lost.Health);
        Assert.Equal(Name(2), lost.Silo);
        Assert.Empty(second);
        Assert.Equal([ModelEventKind.ReplicaReplaced], third.Select(e => e.Kind));
    }

    [Fact]
    public void Assess_ProbeFailsOnLiveSilo_ReportsUnreachableOncePerEpisodeThenRecovered()
    {
        var lastGood = Now.AddSeconds(-2);
        var (unreachable, first) = ReplicaAssessment.Assess(Key, Seen(Key, 0, "a") with { LastGoodProbe = lastGood }, ReplicaProbe.Failed("no answer within 5 s"), ZonesAB, "a", false, Now);
        var (stillUnreachable, repeated) = ReplicaAssessment.Assess(Key, unreachable, ReplicaProbe.Failed("no answer within 5 s"), ZonesAB, "a", false, Now.AddSeconds(2));
        var (recovered, second) = ReplicaAssessment.Assess(Key, stillUnreachable, Answer(Key, 0), ZonesAB, "a", false, Now.AddSeconds(4));

        Assert.Equal((ReplicaHealth.Unreachable, Name(0), lastGood), (unreachable.Health, unreachable.Silo, unreachable.LastGoodProbe));
        Assert.Equal([ModelEventKind.ReplicaUnhealthy], first.Select(e => e.Kind));
        Assert.Contains("no answer within 5 s", first[0].Message, StringComparison.Ordinal);
        Assert.Contains("check the silo's process, log and network", first[0].Message, StringComparison.Ordinal);
        Assert.Empty(repeated);
        Assert.Equal(lastGood, stillUnreachable.LastGoodProbe);
        Assert.Equal([ModelEventKind.ReplicaRecovered], second.Select(e => e.Kind));
        Assert.Equal(ReplicaHealth.Healthy, recovered.Health);
    }

    [Fact]
    public void Assess_LoadFailed_ReportsUnhealthyOnceWithTheError()
    {
        var failed = Answer(Key, 0, ReplicaState.Failed, "SHA-256 mismatch");

        var (observation, first) = ReplicaAssessment.Assess(Key, Seen(Key, 0, "a", ReplicaHealth.Warming), failed, ZonesAB, "a", false, Now);
        var (_, second) = ReplicaAssessment.Assess(Key, observation, failed, ZonesAB, "a", false, Now);

        Assert.Equal([ModelEventKind.ReplicaUnhealthy], first.Select(e => e.Kind));
        Assert.Contains("SHA-256 mismatch", first[0].Message, StringComparison.Ordinal);
        Assert.Empty(second);
    }

    [Fact]
    public void Assess_RelocatedFromLiveSilo_ReportsRelocated()
    {
        var (_, events) = ReplicaAssessment.Assess(Key, Seen(Key, 0, "a"), Answer(Key, 1), ZonesAB, "b", relocating: true, Now);

        var relocated = Assert.Single(events);
        Assert.Equal(ModelEventKind.ReplicaRelocated, relocated.Kind);
        Assert.Equal("b", relocated.Zone);
    }

    [Fact]
    public void Assess_EjectedReplicaStillReady_StaysEjected()
    {
        var ejected = Seen(Key, 0, "a") with { Health = ReplicaHealth.Ejected };

        var (observation, events) = ReplicaAssessment.Assess(Key, ejected, Answer(Key, 0), ZonesAB, "a", false, Now);

        Assert.Equal(ReplicaHealth.Ejected, observation.Health);
        Assert.Empty(events);
    }
}
