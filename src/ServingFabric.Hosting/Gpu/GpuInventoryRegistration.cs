using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Gpu;

namespace ServingFabric.Hosting.Gpu;

/// <summary>
/// The silo's one GPU inventory. It is opened while the silo is being built, not when the container is, because the
/// silo's metadata (what placement on every silo reads) must advertise the GPUs; a test or host that registered an
/// inventory instance first keeps its own.
/// </summary>
internal static class GpuInventoryRegistration
{
    public static IGpuInventory GetOrAdd(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.LastOrDefault(d => d.ServiceType == typeof(IGpuInventory) && !d.IsKeyedService)?.ImplementationInstance is IGpuInventory existing)
        {
            return existing;
        }

        // No logger exists yet; GpuMonitor logs what was found (or why nothing was) once the silo starts.
        var inventory = new NvmlGpuInventory(NullLogger<NvmlGpuInventory>.Instance);
        services.AddSingleton<IGpuInventory>(inventory);
        return inventory;
    }

    /// <summary>The silo metadata that advertises <paramref name="inventory"/>'s GPUs; empty on a CPU silo.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(IGpuInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var devices = inventory.Read();
        return devices.Count == 0
            ? new Dictionary<string, string>()
            : new Dictionary<string, string>
            {
                [Grains.Placement.SiloMetadataKeys.Gpus] = devices.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [Grains.Placement.SiloMetadataKeys.GpuMemory] = string.Join(',', devices.Select(d => d.MemoryTotalBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            };
    }
}
