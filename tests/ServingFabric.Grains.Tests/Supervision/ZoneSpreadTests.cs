using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Supervision.ReplicaSpread;

namespace ServingFabric.Grains.Tests.Supervision;

/// <summary>Silo_0 zone a, Silo_1 zone b, Silo_2 zone c (inference only), Silo_3 zone a (gateway only).</summary>
public sealed class ZoneSpreadTests(ThreeZoneClusterFixture fixture) : IClassFixture<ThreeZoneClusterFixture>
{
    [Fact]
    public async Task Replicas_ThreeZones_LandOnePerZone()
    {
        var status = await WaitForStatusAsync(fixture, OnePerZone, "three healthy replicas, one per zone");

        // Silos join one by one, so which replica ends up in which zone depends on the order they were seen in.
        Assert.Equal(["a", "b", "c"], VersionReplicas(status).Select(r => r.Zone).Order());
        Assert.Equal(["Silo_0", "Silo_1", "Silo_2"], (await SilosAsync(fixture)).Order());
    }

    [Fact]
    public async Task Replicas_GatewayOnlySilo_HostsNone()
    {
        await WaitForStatusAsync(fixture, OnePerZone, "replicas spread");

        Assert.DoesNotContain("Silo_3", await SilosAsync(fixture));
    }

    [Fact]
    public async Task GetStatus_SpreadReplicas_ShowsBoundsSiloZoneStateAndHealth()
    {
        var status = await WaitForStatusAsync(fixture, OnePerZone, "replicas spread");

        Assert.Equal(new ReplicaBounds(3, 3), status.Replicas);
        Assert.Equal(3, status.ReplicasPerVersion);
        Assert.All(VersionReplicas(status), r =>
        {
            Assert.Equal(ReplicaState.Ready, r.State);
            Assert.NotNull(r.TargetZone);
            Assert.StartsWith("Silo_", fixture.SiloName(r.Silo!), StringComparison.Ordinal);
        });
        Assert.Contains(status.RecentEvents, e => e.Kind == ModelEventKind.Deployed);
    }

    [Fact]
    public async Task ReportReplicaHealth_EjectedThenHealthy_RecordsEjectedAndRecovered()
    {
        await WaitForStatusAsync(fixture, AllHealthy, "replicas healthy");
        var router = fixture.Client.GetGrain<IModelRouterGrain>(ZoneClusterFixture.Model);
        var last = (await router.GetEvents(0)).Max(e => e.Sequence);

        await router.ReportReplicaHealth("iris/1/1", new ReplicaHealthReport(ReplicaHealthVerdict.Ejected, "5 errors in 10 s", "front@Silo_0"));
        var ejected = await router.GetStatus();
        await router.ReportReplicaHealth("iris/1/1", new ReplicaHealthReport(ReplicaHealthVerdict.Healthy, null, "front@Silo_0"));
        var events = await router.GetEvents(last);

        Assert.Equal(ReplicaHealth.Ejected, VersionReplicas(ejected!)[1].Health);
        Assert.Equal([ModelEventKind.ReplicaEjected, ModelEventKind.ReplicaRecovered], events.Select(e => e.Kind));
        Assert.Equal("replica iris/1/1 ejected from rotation: 5 errors in 10 s (reported by front@Silo_0)", events[0].Message);
    }

    [Fact]
    public async Task ReportReplicaHealth_KeyOfAnotherModel_Throws()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>(ZoneClusterFixture.Model);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => router.ReportReplicaHealth("other/1/0", new ReplicaHealthReport(ReplicaHealthVerdict.Failed)));

        Assert.Contains("is not a replica of model 'iris'", error.Message, StringComparison.Ordinal);
    }
}
