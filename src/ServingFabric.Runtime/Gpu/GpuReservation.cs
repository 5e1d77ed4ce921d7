namespace ServingFabric.Runtime.Gpu;

/// <summary>
/// GPU memory held for one session (a model version on this silo) on one device, until disposed. A session without a
/// memory limit holds the whole device.
/// </summary>
public sealed class GpuReservation : IDisposable
{
    private readonly GpuDevices _devices;
    private int _released;

    internal GpuReservation(GpuDevices devices, int index, string uuid, string model, string version, long bytes)
    {
        _devices = devices;
        Index = index;
        Uuid = uuid;
        Model = model;
        Version = version;
        Bytes = bytes;
    }

    /// <summary>The CUDA device id the session runs on.</summary>
    public int Index { get; }

    /// <summary>The device's NVML UUID.</summary>
    public string Uuid { get; }

    /// <summary>The model.</summary>
    public string Model { get; }

    /// <summary>The version.</summary>
    public string Version { get; }

    /// <summary>The memory held on the device.</summary>
    public long Bytes { get; }

    /// <summary>Why the device failed; null while it is healthy.</summary>
    public string? DeviceProblem => _devices.ProblemOf(Index);

    /// <summary>Marks the device failed (a CUDA error that breaks it), for every session on it.</summary>
    public void ReportDeviceFailed(string problem) => _devices.MarkFailed(Index, problem);

    /// <summary>Gives the memory back.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _devices.Release(this);
        }
    }
}
