using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Gpu;
using ServingFabric.Grains.Placement;
using ServingFabric.Hosting.Gpu;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Gpu;

public sealed class GpuSiloMetadataTests
{
    private const long Gib = 1L << 30;

    [Fact]
    public void Metadata_TwoGpus_AdvertisesCountAndEachDevicesMemory()
    {
        var metadata = GpuInventoryRegistration.Metadata(new FakeGpuInventory(80 * Gib, 40 * Gib));

        Assert.Equal("2", metadata[SiloMetadataKeys.Gpus]);
        Assert.Equal($"{80 * Gib},{40 * Gib}", metadata[SiloMetadataKeys.GpuMemory]);
    }

    [Fact]
    public void Metadata_NoGpus_AdvertisesNothing()
    {
        Assert.Empty(GpuInventoryRegistration.Metadata(new FakeGpuInventory()));
    }

    [Fact]
    public void GetOrAdd_InventoryRegisteredFirst_KeepsItAndAddsNoOther()
    {
        var services = new ServiceCollection();
        var fake = new FakeGpuInventory(16 * Gib);
        services.AddSingleton<IGpuInventory>(fake);

        var found = GpuInventoryRegistration.GetOrAdd(services);
        var again = GpuInventoryRegistration.GetOrAdd(services);

        Assert.Same(fake, found);
        Assert.Same(fake, again);
        Assert.Single(services, d => d.ServiceType == typeof(IGpuInventory));
    }

    [Fact]
    public void GetOrAdd_NothingRegisteredOnAMachineWithoutDriver_AddsNvmlThatFindsNoGpus()
    {
        var services = new ServiceCollection();

        var inventory = GpuInventoryRegistration.GetOrAdd(services);

        Assert.IsType<NvmlGpuInventory>(inventory);
        Assert.False(inventory.Available);
        Assert.Same(inventory, GpuInventoryRegistration.GetOrAdd(services));
    }
}
