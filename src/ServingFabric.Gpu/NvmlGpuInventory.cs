using Microsoft.Extensions.Logging;
using ServingFabric.Gpu.Health;
using ServingFabric.Gpu.Nvml;

namespace ServingFabric.Gpu;

/// <summary>
/// The GPUs of this machine as NVML (<c>libnvidia-ml.so.1</c>, from the NVIDIA driver) reports them. Without the
/// library, or when NVML cannot initialise, <see cref="Available"/> is false with the reason and <see cref="Read"/>
/// is empty: the normal case on CPU silos, logged once.
/// </summary>
/// <remarks>
/// Devices are enumerated once, at construction; that first reading is the baseline for the uncorrectable ECC rule.
/// Each <see cref="Read"/> drains NVML's XID events without waiting, then reads every device. Health follows
/// <see cref="GpuHealthRules"/>: a device once unhealthy (lost, uncorrectable ECC grown, fatal XID) stays unhealthy
/// until the process restarts. Safe to call from several threads; calls are serialised.
/// </remarks>
public sealed partial class NvmlGpuInventory : IGpuInventory
{
    /// <summary>The library the NVIDIA driver installs (found through the dynamic loader's usual search).</summary>
    public const string DefaultLibrary = "libnvidia-ml.so.1";

    // A burst of XIDs is a handful; the bound only keeps a misbehaving driver from holding a Read forever.
    private const int MaxEventsPerRead = 1024;

    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly NvmlLibrary? _nvml;
    private readonly GpuDevice[] _devices = [];
    private readonly GpuHealthRules _health = new();
    private readonly HashSet<string> _reportedFailures = new(StringComparer.Ordinal);
    private readonly nint _events;
    private bool _disposed;

    /// <summary>Opens <see cref="DefaultLibrary"/>.</summary>
    public NvmlGpuInventory(ILogger<NvmlGpuInventory> logger)
        : this(logger, DefaultLibrary)
    {
    }

    /// <summary>Opens <paramref name="library"/>: a file name the dynamic loader searches for, or a path.</summary>
    public NvmlGpuInventory(ILogger<NvmlGpuInventory> logger, string library)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(library);
        _logger = logger;
        _nvml = NvmlLibrary.TryLoad(library, out var problem);
        if (_nvml is null)
        {
            Unavailable(problem!);
            return;
        }

        var init = _nvml.Init();
        if (init != NvmlReturn.Success)
        {
            var reason = NvmlReturn.Describe(init, _nvml.ErrorString(init));
            _nvml.Dispose();
            _nvml = null;
            Unavailable($"no GPUs: NVML did not initialise: {reason}; check that the NVIDIA kernel driver is loaded (nvidia-smi)");
            return;
        }

        var count = _nvml.DeviceCount(out var devices);
        if (count != NvmlReturn.Success)
        {
            var reason = NvmlReturn.Describe(count, _nvml.ErrorString(count));
            ShutdownNvml();
            Unavailable($"no GPUs: NVML could not count the devices: {reason}");
            return;
        }

        DriverVersion = _nvml.DriverVersion(out var version) == NvmlReturn.Success ? version : null;
        _devices = [.. Enumerable.Range(0, (int)devices).Select(Open)];
        _events = WatchXids();
        Available = true;
        lock (_lock)
        {
            _ = ReadDevices();
        }
    }

    /// <inheritdoc/>
    public bool Available { get; }

    /// <inheritdoc/>
    public string? UnavailableReason { get; private set; }

    /// <inheritdoc/>
    public string? DriverVersion { get; }

    /// <inheritdoc/>
    public IReadOnlyList<GpuReading> Read()
    {
        lock (_lock)
        {
            if (!Available || _disposed)
            {
                return [];
            }

            DrainXids();
            return ReadDevices();
        }
    }

    /// <summary>Stops watching events and shuts NVML down; <see cref="Read"/> is empty afterwards.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_events != 0)
            {
                _ = _nvml!.EventSetFree(_events);
            }

            if (Available)
            {
                ShutdownNvml();
            }
        }
    }

    private void Unavailable(string reason)
    {
        UnavailableReason = reason;
        LogUnavailable(reason);
    }

    private void ShutdownNvml()
    {
        _ = _nvml!.Shutdown();
        _nvml.Dispose();
    }
}
