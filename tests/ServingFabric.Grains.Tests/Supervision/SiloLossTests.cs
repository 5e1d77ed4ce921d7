using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Supervision.ReplicaSpread;

namespace ServingFabric.Grains.Tests.Supervision;

/// <summary>Silo_0 zone a, Silo_1 zone b, Silo_2 zone c; then Silo_2 dies and a new silo joins zone c.</summary>
public sealed class SiloLossTests(SiloLossClusterFixture fixture) : IClassFixture<SiloLossClusterFixture>
{
    [Fact]
    public async Task KillSilo_ReplicaComesBackElsewhereAndSpreadRestoresWhenZoneRejoins()
    {
        var spread = await WaitForStatusAsync(fixture, OnePerZone, "one replica per zone");
        var router = fixture.Client.GetGrain<IModelRouterGrain>(ZoneClusterFixture.Model);
        var before = (await router.GetEvents(0)).Max(e => e.Sequence);
        var lost = VersionReplicas(spread).Single(r => r.Zone == "c");
        var zoneC = fixture.Cluster.Silos.Single(s => s.SiloAddress.ToString() == lost.Silo);

        await fixture.Cluster.KillSiloAsync(zoneC);

        var replaced = await WaitForStatusAsync(fixture,
            s => AllHealthy(s) && VersionReplicas(s).All(r => r.Silo != lost.Silo) && s.RecentEvents.Any(e => e.Kind == ModelEventKind.SpreadDegraded && e.Sequence > before),
            $"replica {lost.ReplicaKey} back on a live silo");
        Assert.Equal([1, 2], VersionReplicas(replaced).GroupBy(r => r.Zone).Select(g => g.Count()).Order());
        Assert.DoesNotContain(VersionReplicas(replaced), r => r.Zone == "c");
        var afterLoss = await router.GetEvents(before);
        Assert.Contains(afterLoss, e => e.Kind == ModelEventKind.ReplicaLost && e.ReplicaKey == lost.ReplicaKey && e.Silo == lost.Silo && e.Zone == "c");
        Assert.Contains(afterLoss, e => e.Kind == ModelEventKind.ReplicaReplaced && e.ReplicaKey == lost.ReplicaKey && e.Zone is "a" or "b");

        fixture.LaterSilos = ("c", "gateway,inference");
        var rejoined = await fixture.Cluster.StartAdditionalSiloAsync();
        Assert.Equal("c", fixture.ZoneOfSilo(rejoined.Name));

        var restored = await WaitForStatusAsync(fixture,
            s => OnePerZone(s) && s.RecentEvents.Any(e => e.Kind == ModelEventKind.SpreadRestored && e.Sequence > before),
            "a replica moved back into zone c");
        Assert.Equal(rejoined.SiloAddress.ToString(), VersionReplicas(restored).Single(r => r.Zone == "c").Silo);
        Assert.Contains(await router.GetEvents(before), e => e.Kind == ModelEventKind.ReplicaRelocated && e.Zone == "c");
    }
}
