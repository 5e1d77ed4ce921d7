using ServingFabric.Gpu.Nvml;

namespace ServingFabric.Gpu;

public sealed partial class NvmlGpuInventory
{
    private GpuDevice Open(int index)
    {
        var nvml = _nvml!;
        var code = nvml.DeviceHandle((uint)index, out var handle);
        if (code != NvmlReturn.Success)
        {
            // A device NVML cannot open (lost before we started, or no permission) is still listed, with its problem.
            Failed(index, "nvmlDeviceGetHandleByIndex_v2", code);
            return new GpuDevice(index, 0, "unknown", "unknown", NvmlReturn.Classify(code) == NvmlOutcome.Lost);
        }

        var uuid = nvml.Uuid(handle, out var u) == NvmlReturn.Success ? u : "unknown";
        var name = nvml.Name(handle, out var n) == NvmlReturn.Success ? n : "unknown";
        return new GpuDevice(index, handle, uuid, name, LostAtStart: false);
    }

    private List<GpuReading> ReadDevices()
    {
        var readings = new List<GpuReading>(_devices.Length);
        foreach (var device in _devices)
        {
            var reading = ReadDevice(device);
            if (reading.Problem is { } problem && device.ReportedProblem is null)
            {
                device.ReportedProblem = problem;
                LogUnhealthy(device.Index, device.Uuid, problem);
            }

            readings.Add(reading);
        }

        return readings;
    }

    private GpuReading ReadDevice(GpuDevice device)
    {
        if (device.Handle == 0)
        {
            return new GpuReading(device.Index, device.Uuid, device.Name, 0, 0, null, null, null, null, null, null,
                _health.Assess(device.Index, device.LostAtStart, null) ?? "NVML could not open the device; see the log for NVML's error");
        }

        var nvml = _nvml!;
        var lost = false;
        var memoryCode = nvml.Memory(device.Handle, out var memory);
        var memoryKnown = Value(device, "nvmlDeviceGetMemoryInfo", memoryCode, ref lost);
        var utilization = Value(device, "nvmlDeviceGetUtilizationRates", nvml.Utilization(device.Handle, out var rates), ref lost) ? rates : (NvmlUtilization?)null;
        var temperature = Value(device, "nvmlDeviceGetTemperature", nvml.Temperature(device.Handle, out var celsius), ref lost) ? (int?)celsius : null;
        var power = Value(device, "nvmlDeviceGetPowerUsage", nvml.PowerMilliwatts(device.Handle, out var milliwatts), ref lost) ? milliwatts / 1000.0 : (double?)null;
        var uncorrected = Value(device, "nvmlDeviceGetTotalEccErrors", nvml.EccErrors(device.Handle, uncorrected: true, out var u), ref lost) ? (long?)u : null;
        var corrected = Value(device, "nvmlDeviceGetTotalEccErrors", nvml.EccErrors(device.Handle, uncorrected: false, out var c), ref lost) ? (long?)c : null;
        if (memoryKnown)
        {
            device.MemoryTotalBytes = (long)memory.Total;
        }

        return new GpuReading(
            device.Index,
            device.Uuid,
            device.Name,
            device.MemoryTotalBytes,
            memoryKnown ? (long)memory.Used : 0,
            utilization is { } r ? (int)r.Gpu : null,
            utilization is { } m ? (int)m.Memory : null,
            temperature,
            power,
            uncorrected,
            corrected,
            _health.Assess(device.Index, lost, uncorrected));
    }

    /// <summary>True when the call succeeded; a lost GPU sets <paramref name="lost"/>; other failures are logged once per function and code.</summary>
    private bool Value(GpuDevice device, string function, int code, ref bool lost)
    {
        switch (NvmlReturn.Classify(code))
        {
            case NvmlOutcome.Success:
                return true;
            case NvmlOutcome.Lost:
                lost = true;
                return false;
            case NvmlOutcome.NotSupported:
                return false;
            default:
                Failed(device.Index, function, code);
                return false;
        }
    }

    private void Failed(int index, string function, int code)
    {
        if (_reportedFailures.Add($"{index}/{function}/{code}"))
        {
            LogQueryFailed(function, index, NvmlReturn.Describe(code, _nvml!.ErrorString(code)));
        }
    }

    /// <summary>A device as enumerated at start; the mutable parts change only under the inventory's lock.</summary>
    private sealed record GpuDevice(int Index, nint Handle, string Uuid, string Name, bool LostAtStart)
    {
        public long MemoryTotalBytes { get; set; }

        public string? ReportedProblem { get; set; }
    }
}
