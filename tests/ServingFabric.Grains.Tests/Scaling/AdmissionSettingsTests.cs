using ServingFabric.Releases;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Tests.Scaling;

/// <summary>How scaling settings become the admission limits fronts read from the routing table.</summary>
[Collection(ScalingClusterCollection.Name)]
public sealed class AdmissionSettingsTests(ScalingClusterFixture fixture)
{
    [Fact]
    public async Task SetScaling_ConcurrencyWithoutQueueLength_GetsABoundedQueue()
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>("admit");
        var author = new ChangeAuthor("alice", "admission");

        await router.SetScaling(new ScalingSettings(MaxConcurrency: 2), author);
        var small = (await router.GetRoutingTable())!.Admission;
        await router.SetScaling(new ScalingSettings(MaxConcurrency: 8), author);
        var larger = (await router.GetRoutingTable())!.Admission;
        await router.SetScaling(new ScalingSettings(MaxQueueLength: 5, QueueTimeout: TimeSpan.FromSeconds(1)), author);
        var explicitQueue = (await router.GetRoutingTable())!.Admission;

        Assert.Equal((2, 16), (small!.MaxConcurrency, small.MaxQueueLength));
        Assert.Equal((8, 32), (larger!.MaxConcurrency, larger.MaxQueueLength));
        Assert.Equal(new AdmissionLimits(8, 5, TimeSpan.FromSeconds(1)), explicitQueue);
    }
}
