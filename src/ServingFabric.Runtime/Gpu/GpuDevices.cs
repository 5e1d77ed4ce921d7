using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Gpu;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Gpu;

/// <summary>
/// This silo's GPUs as the serving path shares them (a singleton): which sessions hold how much of each device's
/// memory, and which devices failed. The sharing policy is a memory budget per session: a version's session reserves
/// its <see cref="ExecutionSpec.GpuMemoryLimitBytes"/> (ONNX Runtime's <c>gpu_mem_limit</c> caps what it may take) on one
/// device, and sessions of any models share a device until their budgets fill it; a session without a limit takes a
/// device to itself. Time-slicing and MIG are the cluster's choice below this (each MIG slice is a device here).
/// A failed device stays failed until the silo restarts: its sessions move, and nothing new is placed on it.
/// </summary>
public sealed partial class GpuDevices
{
    private readonly object _gate = new();
    private readonly IGpuInventory _inventory;
    private readonly ILogger _logger;
    private readonly List<Device> _devices;
    private IReadOnlyList<GpuReading> _latest;

    /// <param name="inventory">Where the devices are read from (NVML, or nothing on a CPU silo).</param>
    /// <param name="logger">Logs failures and refusals; null logs nothing.</param>
    public GpuDevices(IGpuInventory inventory, ILogger<GpuDevices>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        _inventory = inventory;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _latest = inventory.Read();
        _devices = [.. _latest.Select(r => new Device(r.Index, r.Uuid, r.Name, r.MemoryTotalBytes) { Problem = r.Problem })];
    }

    /// <summary>Raised (outside the lock) when a device is marked failed, with its state then.</summary>
    public event Action<GpuDeviceState>? DeviceFailed;

    /// <summary>Why there are no GPUs, when there are none (the inventory's reason); null when there are.</summary>
    public string? UnavailableReason => _devices.Count > 0 ? null : _inventory.UnavailableReason ?? "no GPU was found";

    /// <summary>The latest reading of every device (utilization, temperature, ECC…), from <see cref="Refresh"/>.</summary>
    public IReadOnlyList<GpuReading> LatestReadings => Volatile.Read(ref _latest);

    /// <summary>Every device now.</summary>
    public IReadOnlyList<GpuDeviceState> Devices
    {
        get
        {
            lock (_gate)
            {
                return [.. _devices.Select(d => d.State())];
            }
        }
    }

    /// <summary>
    /// Reads the devices again; a device the reading calls unhealthy (lost, uncorrectable ECC, fatal XID) is marked
    /// failed. Returns the reading.
    /// </summary>
    public IReadOnlyList<GpuReading> Refresh()
    {
        var readings = _inventory.Read();
        Volatile.Write(ref _latest, readings);
        foreach (var reading in readings.Where(r => r.Problem is not null))
        {
            MarkFailed(reading.Index, reading.Problem!);
        }

        // A device NVML no longer lists at all is gone.
        List<int> missing;
        lock (_gate)
        {
            missing = [.. _devices.Where(d => d.Problem is null && readings.Count > 0 && readings.All(r => r.Uuid != d.Uuid)).Select(d => d.Index)];
        }

        foreach (var index in missing)
        {
            MarkFailed(index, "the device is no longer listed by the driver (fallen off the bus?)");
        }

        return readings;
    }

    /// <summary>
    /// Why this silo cannot give a session of <paramref name="execution"/> a device now; null when it can. Placement
    /// asks before putting a replica here.
    /// </summary>
    public string? WhyCannotHost(ExecutionSpec execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        lock (_gate)
        {
            return Choose(execution, out var why) is null ? why : null;
        }
    }

    /// <summary>True when <paramref name="model"/> <paramref name="version"/> holds a session on a healthy device here (new replicas share it).</summary>
    public bool HasSession(string model, string version)
    {
        lock (_gate)
        {
            return _devices.Exists(d => d.Problem is null && d.Reservations.Exists(r => r.Model == model && r.Version == version));
        }
    }

    /// <summary>Reserves a device for <paramref name="model"/> <paramref name="version"/>'s session.</summary>
    /// <exception cref="GpuUnavailableException">No healthy device has room (the message says what is there).</exception>
    public GpuReservation Reserve(string model, string version, ExecutionSpec execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        GpuReservation reservation;
        lock (_gate)
        {
            var device = Choose(execution, out var why)
                ?? throw new GpuUnavailableException($"model '{model}' version '{version}' needs a GPU with {Need(execution)}, and this silo has none: {why}");
            var bytes = execution.GpuMemoryLimitBytes ?? device.MemoryTotalBytes;
            reservation = new GpuReservation(this, device.Index, device.Uuid, model, version, bytes);
            device.Reservations.Add(reservation);
        }

        LogReserved(_logger, model, version, reservation.Index, reservation.Uuid, reservation.Bytes);
        return reservation;
    }

    // Asked before every batch a GPU engine runs: no lock. The device list never changes after construction, and a
    // problem is one reference, written once (under the lock) and read whole.
    internal string? ProblemOf(int index)
    {
        foreach (var device in _devices)
        {
            if (device.Index == index)
            {
                return device.Problem;
            }
        }

        return null;
    }

    internal void MarkFailed(int index, string problem)
    {
        GpuDeviceState state;
        lock (_gate)
        {
            var device = _devices.Find(d => d.Index == index);
            if (device is null || device.Problem is not null)
            {
                return;
            }

            device.Problem = problem;
            state = device.State();
        }

        LogDeviceFailed(_logger, state.Index, state.Uuid, problem, string.Join(", ", state.Sessions));
        DeviceFailed?.Invoke(state);
    }

    internal void Release(GpuReservation reservation)
    {
        lock (_gate)
        {
            _devices.Find(d => d.Index == reservation.Index)?.Reservations.Remove(reservation);
        }
    }

    // Under the lock. The device named by the config, else the healthy one with the most room (spreading sessions).
    private Device? Choose(ExecutionSpec execution, out string why)
    {
        if (_devices.Count == 0)
        {
            why = _inventory.UnavailableReason ?? "no GPU was found";
            return null;
        }

        var candidates = execution.Device is { } wanted ? _devices.Where(d => d.Index == wanted).ToList() : _devices;
        if (candidates.Count == 0)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"device {execution.Device} does not exist here (devices {string.Join(", ", _devices.Select(d => d.Index))})");
            return null;
        }

        var fits = candidates
            .Where(d => d.Problem is null && d.Free >= (execution.GpuMemoryLimitBytes ?? d.MemoryTotalBytes) && (execution.GpuMemoryLimitBytes is not null || d.Reservations.Count == 0))
            .OrderByDescending(d => d.Free)
            .ThenBy(d => d.Index)
            .FirstOrDefault();
        why = fits is not null ? "" : string.Join("; ", candidates.Select(d => d.Describe()));
        return fits;
    }

    private static string Need(ExecutionSpec execution) =>
        execution.GpuMemoryLimitBytes is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes free{(execution.Device is { } d ? $" on device {d}" : "")}")
            : $"a whole device to itself{(execution.Device is { } device ? string.Create(CultureInfo.InvariantCulture, $" (device {device})") : "")} (no gpu_memory_limit_bytes)";

    private sealed class Device(int index, string uuid, string name, long memoryTotalBytes)
    {
        public int Index { get; } = index;
        public string Uuid { get; } = uuid;
        public string Name { get; } = name;
        public long MemoryTotalBytes { get; } = memoryTotalBytes;
        private string? _problem;

        public string? Problem
        {
            get => Volatile.Read(ref _problem);
            set => Volatile.Write(ref _problem, value);
        }
        public List<GpuReservation> Reservations { get; } = [];
        public long Reserved => Reservations.Sum(r => r.Bytes);
        public long Free => Math.Max(0, MemoryTotalBytes - Reserved);

        public GpuDeviceState State() =>
            new(Index, Uuid, Name, MemoryTotalBytes, Reserved, [.. Reservations.Select(r => $"{r.Model}/{r.Version}")], Problem);

        public string Describe() => Problem is not null
            ? string.Create(CultureInfo.InvariantCulture, $"device {Index} ({Uuid}) failed: {Problem}")
            : string.Create(CultureInfo.InvariantCulture, $"device {Index} ({Uuid}) has {Free} of {MemoryTotalBytes} bytes free with {Reservations.Count} session(s)");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GPU {Index} ({Uuid}) reserved for model {Model} version {Version}: {Bytes} bytes")]
    private static partial void LogReserved(ILogger logger, string model, string version, int index, string uuid, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "GPU {Index} ({Uuid}) failed: {Problem}. Its sessions ({Sessions}) move to another GPU or silo and nothing new is placed on it until the silo restarts; check the node (nvidia-smi -q, dmesg for XID errors) and drain it if the fault repeats.")]
    private static partial void LogDeviceFailed(ILogger logger, int index, string uuid, string problem, string sessions);
}
