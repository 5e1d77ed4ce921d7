using ServingFabric.Grains.Telemetry;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Telemetry;

public sealed class FleetMetricsTests
{
    [Theory]
    [InlineData(ModelEventKind.ReleaseRolledBack, "release_rolled_back")]
    [InlineData(ModelEventKind.ReplicaLost, "replica_lost")]
    [InlineData(ModelEventKind.Deployed, "deployed")]
    public void KindName_EventKind_SnakeCaseLabel(ModelEventKind kind, string expected) => Assert.Equal(expected, FleetMetrics.KindName(kind));

    [Fact]
    public void Of_MixedReplicas_CountsEveryHealthAndZonesOfHealthyOnly()
    {
        ReplicaObservation Seen(int index, string? zone, ReplicaHealth health) =>
            new($"m/1/{index}", "silo", zone, zone, null, health, null, 0, 0, DateTimeOffset.UnixEpoch);

        var fleet = VersionFleet.Of("1",
            [Seen(0, "z1", ReplicaHealth.Healthy), Seen(1, "z1", ReplicaHealth.Healthy), Seen(2, "z2", ReplicaHealth.Lost), Seen(3, "z3", ReplicaHealth.Healthy)],
            min: 3, desired: 4, spreadDegraded: false);

        Assert.Equal(3, fleet.ReplicasByHealth[ReplicaHealth.Healthy]);
        Assert.Equal(1, fleet.ReplicasByHealth[ReplicaHealth.Lost]);
        Assert.Equal(0, fleet.ReplicasByHealth[ReplicaHealth.Unreachable]);
        Assert.Equal(Enum.GetValues<ReplicaHealth>().Length, fleet.ReplicasByHealth.Count);
        Assert.Equal(2, fleet.Zones);
        Assert.Equal((3, 4), (fleet.Min, fleet.Desired));
    }
}
