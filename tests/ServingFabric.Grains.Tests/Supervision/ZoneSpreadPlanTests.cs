using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Placement.Silos;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Supervision;

public sealed class ZoneSpreadPlanTests
{
    private static readonly ClusterView ZonesABC = Of(InferenceSilo(0, "a"), InferenceSilo(1, "b"), InferenceSilo(2, "c"));
    private static readonly HashSet<string> SettledABC = ["a", "b", "c"];

    [Fact]
    public void Evaluate_OnePerZone_BalancedNothingToMove()
    {
        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 1, "b"), Seen("m/1/2", 2, "c")], ZonesABC, SettledABC);

        Assert.Equal(new ZoneSpreadPlan(false, true, null, "a: 1, b: 1, c: 1"), plan);
    }

    [Fact]
    public void Evaluate_TwoZonesThreeReplicas_DegradedButBalanced()
    {
        var cluster = Of(InferenceSilo(0, "a"), InferenceSilo(1, "b"), InferenceSilo(2, "a"));

        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 1, "b"), Seen("m/1/2", 2, "a")], cluster, new HashSet<string> { "a", "b" });

        Assert.Equal(new ZoneSpreadPlan(true, true, null, "a: 2, b: 1"), plan);
    }

    [Fact]
    public void Evaluate_ZoneCameBack_MovesTheReplicaThatBelongsThere()
    {
        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 1, "b"), Seen("m/1/2", 0, "a")], ZonesABC, SettledABC);

        Assert.Equal(2, plan.RelocateIndex);
        Assert.False(plan.Balanced);
    }

    [Fact]
    public void Evaluate_UnbalancedAndNoMoveEvensIt_TakesTheStepTowardsTheMap()
    {
        // a: 2, b: 0, c: 1. Replica 1 belongs in b and replica 2 in c; moving 1 to b first lets 2 move to c next.
        var first = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 2, "c"), Seen("m/1/2", 0, "a")], ZonesABC, SettledABC);
        var second = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 1, "b"), Seen("m/1/2", 0, "a")], ZonesABC, SettledABC);

        Assert.Equal(1, first.RelocateIndex);
        Assert.Equal(2, second.RelocateIndex);
    }

    [Fact]
    public void Evaluate_OnePerZoneOffTheMap_DoesNotMove()
    {
        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 2, "c"), Seen("m/1/2", 1, "b")], ZonesABC, SettledABC);

        Assert.Equal(new ZoneSpreadPlan(false, true, null, "a: 1, b: 1, c: 1"), plan);
    }

    [Fact]
    public void Evaluate_ZoneJustAppeared_WaitsForItToSettle()
    {
        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 1, "b"), Seen("m/1/2", 0, "a")], ZonesABC, new HashSet<string> { "a", "b" });

        Assert.Null(plan.RelocateIndex);
    }

    [Fact]
    public void Evaluate_AReplicaStillWarming_MovesNothing()
    {
        var plan = ZoneSpreadPlan.Evaluate(
            [Seen("m/1/0", 0, "a"), Seen("m/1/1", 1, "b", ReplicaHealth.Warming), Seen("m/1/2", 0, "a")], ZonesABC, SettledABC);

        Assert.Null(plan.RelocateIndex);
    }

    [Fact]
    public void Evaluate_BalancedButOffTheMap_DoesNotShuffle()
    {
        // Zone b was lost: replica 1 came back in c, replica 2 stays in c. Zones a, c map replica 2 to a, but a move gains nothing.
        var cluster = Of(InferenceSilo(0, "a"), InferenceSilo(2, "c"));

        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 2, "c"), Seen("m/1/2", 2, "c")], cluster, new HashSet<string> { "a", "c" });

        Assert.Null(plan.RelocateIndex);
        Assert.True(plan.Balanced);
    }

    [Fact]
    public void Evaluate_ReplicaOnGatewayOnlySilo_MovesIt()
    {
        var cluster = Of(InferenceSilo(0, "a"), InferenceSilo(1, "b"), GatewayOnly(3, "c"));

        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 3, "c"), Seen("m/1/1", 1, "b")], cluster, new HashSet<string> { "a", "b" });

        Assert.Equal(0, plan.RelocateIndex);
    }

    [Fact]
    public void Evaluate_NoZonesButEnoughSilos_NotDegraded()
    {
        var cluster = Of(InferenceSilo(0, ""), InferenceSilo(1, ""));

        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, null), Seen("m/1/1", 1, null)], cluster, new HashSet<string> { "" });

        Assert.Equal(new ZoneSpreadPlan(false, true, null, "(no zone): 2"), plan);
    }

    [Fact]
    public void Evaluate_NoZonesTwoReplicasShareASiloAndOneIsFree_MovesTheSecond()
    {
        var cluster = Of(InferenceSilo(0, ""), InferenceSilo(1, ""), InferenceSilo(2, ""));

        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, null), Seen("m/1/1", 0, null), Seen("m/1/2", 1, null)], cluster, new HashSet<string> { "" });

        Assert.Equal(1, plan.RelocateIndex);
    }

    [Fact]
    public void Evaluate_SharedSiloButNoFreeSiloInZone_DoesNotMove()
    {
        var cluster = Of(InferenceSilo(0, "a"), InferenceSilo(1, "b"));

        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 1, "b"), Seen("m/1/2", 0, "a")], cluster, new HashSet<string> { "a", "b" });

        Assert.Null(plan.RelocateIndex);
    }

    [Fact]
    public void Evaluate_BalancedZonesButTwoShareASiloOfTheirZone_MovesToTheFreeSilo()
    {
        var cluster = Of(InferenceSilo(0, "a"), InferenceSilo(1, "b"), InferenceSilo(2, "a"));

        var plan = ZoneSpreadPlan.Evaluate([Seen("m/1/0", 0, "a"), Seen("m/1/1", 1, "b"), Seen("m/1/2", 0, "a")], cluster, new HashSet<string> { "a", "b" });

        Assert.Equal(2, plan.RelocateIndex);
    }
}
