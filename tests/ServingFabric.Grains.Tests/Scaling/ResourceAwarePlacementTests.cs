using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Grains.Placement;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;
using static ServingFabric.Grains.Tests.Scaling.ScalingWaits;

namespace ServingFabric.Grains.Tests.Scaling;

[Collection(ScalingClusterCollection.Name)]
public sealed class ResourceAwarePlacementTests(ScalingClusterFixture fixture)
{
    [Fact]
    public async Task SetScaling_SiloAboveTheModelsCpuLimit_NewReplicasAvoidIt()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>("hot");
        var first = ReplicasOf(await StatusUntilAsync(router, s => s.Loaded && ReplicasOf(s) is [{ Health: ReplicaHealth.Healthy }], "one healthy replica")).Single();
        var busy = fixture.Cluster.Silos.First(s => s.SiloAddress.ToString() != first.Silo);
        fixture.Resources.Set(busy.SiloAddress, cpuPercent: 60, memoryPercent: 10);

        // Placement runs on the router's silo (it activates the new replicas), with what its router last read there.
        await UntilAsync(() => Task.FromResult(RouterSiloHints("hot")), h => h?.ResourcesOf(busy.SiloAddress)?.Cpu == 60,
            "the router of hot saw the busy silo", h => h is null ? "no silo has hot's limits yet" : $"{h.ResourcesOf(busy.SiloAddress)}");
        await router.SetScaling(new ScalingSettings(MinReplicas: 3, MaxCpuPercent: 50), new ChangeAuthor("carol", "hot silo"));
        var status = await StatusUntilAsync(router, s => ReplicasOf(s).Count == 3 && ReplicasOf(s).All(r => r.Health == ReplicaHealth.Healthy), "three healthy replicas");

        // Without the limit the two new replicas would go to the two silos without one (placement prefers those): one to the busy silo.
        Assert.DoesNotContain(busy.Name, ReplicasOf(status).Select(r => fixture.SiloName(r.Silo)));
        Assert.Equal(2, ReplicasOf(status).Select(r => r.Silo).Distinct().Count());
    }

    private ReplicaPlacementHints? RouterSiloHints(string model) =>
        fixture.Cluster.Silos.Select(s => fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ReplicaPlacementHints>())
            .FirstOrDefault(h => h.LimitsOf(model) is not null);
}
