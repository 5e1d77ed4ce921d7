using ServingFabric.Contracts.Gpus;
using ServingFabric.Gpu;
using ServingFabric.Runtime.Gpu;

namespace ServingFabric.Hosting.Gpu;

/// <summary>The management API's view of this silo's GPUs: the latest NVML reading joined with the sessions' reservations and health.</summary>
internal sealed class GpuStatusSource(IGpuInventory inventory, GpuDevices devices) : IGpuStatusSource
{
    public GpusResponse Status(string silo)
    {
        var readings = devices.LatestReadings.ToDictionary(r => r.Uuid, StringComparer.Ordinal);
        var answer = devices.Devices.Select(d =>
        {
            var reading = readings.GetValueOrDefault(d.Uuid);
            return new GpuResponse(d.Index, d.Uuid, d.Name, d.MemoryTotalBytes, reading?.MemoryUsedBytes, d.ReservedBytes, reading?.UtilizationPercent,
                reading?.TemperatureCelsius, reading?.PowerWatts, reading?.EccCorrectedErrors, reading?.EccUncorrectedErrors, d.Healthy, d.Problem, d.Sessions);
        });
        return new GpusResponse(silo, inventory.Available, devices.UnavailableReason, inventory.DriverVersion, [.. answer]);
    }
}
