using System.Diagnostics.Metrics;
using Orleans.Runtime;
using ServingFabric.Gpu;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Telemetry;

namespace ServingFabric.Hosting.Gpu;

/// <summary>
/// The silo's GPUs as metrics (meter <c>ServingFabric</c>), labelled by <c>silo</c> and <c>gpu_uuid</c>:
/// <c>servingfabric_gpu_utilization</c> (0 to 1), <c>servingfabric_gpu_memory_used_bytes</c>,
/// <c>servingfabric_gpu_memory_total_bytes</c>, <c>servingfabric_gpu_memory_reserved_bytes</c> (by this silo's sessions),
/// <c>servingfabric_gpu_ecc_errors_total</c> (<c>type</c> corrected or uncorrected), <c>servingfabric_gpu_temperature_celsius</c>,
/// <c>servingfabric_gpu_power_watts</c>, <c>servingfabric_gpu_healthy</c> (1 or 0) and <c>servingfabric_gpu_failures_total</c>.
/// Nothing is observed on a silo without GPUs.
/// </summary>
internal sealed class GpuMetrics
{
    private readonly string _silo;
    private readonly Counter<long> _failures;
    private GpuDevices? _devices;

    public GpuMetrics(IMeterFactory meterFactory, ILocalSiloDetails? silo = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _silo = silo?.Name ?? Environment.MachineName;
        var meter = FabricMeters.Create(meterFactory, "ServingFabric");
        meter.CreateObservableGauge("servingfabric.gpu.utilization", () => Observe(r => r.UtilizationPercent / 100.0), "1",
            "Share of the last sample period a kernel ran on the GPU (NVML utilization.gpu / 100).");
        meter.CreateObservableGauge("servingfabric.gpu.memory_used", () => Observe(r => r.MemoryUsedBytes), "By", "GPU memory in use by every process (NVML).");
        meter.CreateObservableGauge("servingfabric.gpu.memory_total", () => Observe(r => r.MemoryTotalBytes), "By", "GPU memory in all.");
        meter.CreateObservableGauge("servingfabric.gpu.memory_reserved", ObserveReserved, "By",
            "GPU memory reserved by this silo's model sessions (their gpu_memory_limit_bytes, or the whole device).");
        meter.CreateObservableCounter("servingfabric.gpu.ecc_errors", ObserveEcc, "{error}", "ECC errors since the driver loaded, by type (corrected, uncorrected).");
        meter.CreateObservableGauge("servingfabric.gpu.temperature", () => Observe(r => r.TemperatureCelsius), "Cel", "GPU core temperature.");
        meter.CreateObservableGauge("servingfabric.gpu.power", () => Observe(r => r.PowerWatts), "W", "GPU power draw.");
        meter.CreateObservableGauge("servingfabric.gpu.healthy", ObserveHealthy, "1", "1 while the GPU is healthy, 0 once it failed (sticky until the silo restarts).");
        _failures = meter.CreateCounter<long>("servingfabric.gpu.failures", "{failure}", "GPUs marked failed on this silo (CUDA errors that break the device, or NVML health).");
    }

    /// <summary>Starts observing <paramref name="devices"/> and counting their failures.</summary>
    public void Watch(GpuDevices devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        _devices = devices;
        devices.DeviceFailed += state => _failures.Add(1, Tags(state.Uuid));
    }

    private IEnumerable<Measurement<double>> Observe(Func<GpuReading, double?> value)
    {
        foreach (var reading in _devices?.LatestReadings ?? [])
        {
            if (value(reading) is { } v)
            {
                yield return new Measurement<double>(v, Tags(reading.Uuid));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveReserved() =>
        (_devices?.Devices ?? []).Select(d => new Measurement<double>(d.ReservedBytes, Tags(d.Uuid)));

    private IEnumerable<Measurement<double>> ObserveHealthy() =>
        (_devices?.Devices ?? []).Select(d => new Measurement<double>(d.Healthy ? 1 : 0, Tags(d.Uuid)));

    private IEnumerable<Measurement<long>> ObserveEcc()
    {
        foreach (var reading in _devices?.LatestReadings ?? [])
        {
            if (reading.EccCorrectedErrors is { } corrected)
            {
                yield return new Measurement<long>(corrected, [.. Tags(reading.Uuid), new("type", "corrected")]);
            }

            if (reading.EccUncorrectedErrors is { } uncorrected)
            {
                yield return new Measurement<long>(uncorrected, [.. Tags(reading.Uuid), new("type", "uncorrected")]);
            }
        }
    }

    private KeyValuePair<string, object?>[] Tags(string uuid) => [new("silo", _silo), new("gpu_uuid", uuid)];
}
