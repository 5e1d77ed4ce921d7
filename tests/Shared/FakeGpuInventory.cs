using ServingFabric.Gpu;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// GPUs for tests on a machine without any: devices as NVML would list them, whose readings a test changes (a device
/// lost, ECC errors, memory in use) between reads.
/// </summary>
internal sealed class FakeGpuInventory : IGpuInventory
{
    private readonly object _gate = new();
    private List<GpuReading> _readings;

    public FakeGpuInventory(params long[] deviceMemoryBytes)
    {
        _readings = [.. deviceMemoryBytes.Select((bytes, i) => Device(i, bytes))];
    }

    public static GpuReading Device(int index, long memoryBytes) => new(
        index, $"GPU-00000000-0000-0000-0000-00000000000{index}", "NVIDIA H100 80GB HBM3", memoryBytes, 512L << 20,
        UtilizationPercent: 0, MemoryUtilizationPercent: 0, TemperatureCelsius: 35, PowerWatts: 70.5, EccUncorrectedErrors: 0, EccCorrectedErrors: 0, Problem: null);

    public bool Available => _readings.Count > 0;

    public string? UnavailableReason => Available ? null : "no GPUs: libnvidia-ml.so.1 not found (no NVIDIA driver on this machine)";

    public string? DriverVersion => Available ? "580.95.05" : null;

    public int Reads { get; private set; }

    public IReadOnlyList<GpuReading> Read()
    {
        lock (_gate)
        {
            Reads++;
            return [.. _readings];
        }
    }

    /// <summary>Replaces device <paramref name="index"/>'s reading.</summary>
    public void Set(int index, Func<GpuReading, GpuReading> change)
    {
        lock (_gate)
        {
            _readings = [.. _readings.Select(r => r.Index == index ? change(r) : r)];
        }
    }

    /// <summary>Device <paramref name="index"/> disappears from the listing.</summary>
    public void Remove(int index)
    {
        lock (_gate)
        {
            _readings = [.. _readings.Where(r => r.Index != index)];
        }
    }

    public void Dispose()
    {
    }
}
