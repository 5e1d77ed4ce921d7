using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime.MembershipService.SiloMetadata;
using ServingFabric.Gpu;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Runtime.Engines;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Gpu;

/// <summary>GPU silos for cluster tests: one fake NVML GPU per silo, advertised in its metadata, and the fake CUDA engine.</summary>
internal static class GpuSilos
{
    /// <summary>
    /// Every silo (zone a, gateway and inference) gets one GPU of <paramref name="memoryOf"/>(its name) bytes;
    /// <paramref name="created"/> hears of each inventory (silos are built concurrently). Engines come from
    /// <see cref="FakeCudaEngineFactory"/>, so the fabric needs the <see cref="CudaFaults"/> service.
    /// </summary>
    public static FabricTestCluster WithFakeGpus(this FabricTestCluster fabric, Func<string, long> memoryOf, CudaFaults faults,
        Action<string, FakeGpuInventory>? created = null) =>
        fabric
            .WithService(faults)
            .WithEachSilo((name, silo) =>
            {
                var memory = memoryOf(name);
                var inventory = new FakeGpuInventory(memory);
                created?.Invoke(name, inventory);
                silo.Services.AddSingleton<IGpuInventory>(inventory);
                silo.UseSiloMetadata(new Dictionary<string, string>
                {
                    [SiloMetadataKeys.Zone] = "a",
                    [SiloMetadataKeys.Roles] = "gateway,inference",
                    [SiloMetadataKeys.Gpus] = "1",
                    [SiloMetadataKeys.GpuMemory] = GpuCapacity.Advertise([memory]),
                });
            })
            .AfterFabric(silo =>
            {
                silo.Services.RemoveAll<IInferenceEngineFactory>();
                silo.Services.AddSingleton<IInferenceEngineFactory, FakeCudaEngineFactory>();
            });
}
