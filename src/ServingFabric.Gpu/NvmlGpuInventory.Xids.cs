using ServingFabric.Gpu.Nvml;

namespace ServingFabric.Gpu;

public sealed partial class NvmlGpuInventory
{
    /// <summary>An event set with every device's critical XIDs registered; 0 when the driver offers no events.</summary>
    private nint WatchXids()
    {
        var nvml = _nvml!;
        var created = nvml.EventSetCreate(out var set);
        if (created != NvmlReturn.Success)
        {
            LogNoXidEvents(NvmlReturn.Describe(created, nvml.ErrorString(created)));
            return 0;
        }

        foreach (var device in _devices.Where(d => d.Handle != 0))
        {
            var registered = nvml.RegisterXidEvents(device.Handle, set);
            if (registered != NvmlReturn.Success && NvmlReturn.Classify(registered) != NvmlOutcome.NotSupported)
            {
                Failed(device.Index, "nvmlDeviceRegisterEvents", registered);
            }
        }

        return set;
    }

    /// <summary>Takes every event already waiting (timeout 0: a Read never blocks on the driver).</summary>
    private void DrainXids()
    {
        if (_events == 0)
        {
            return;
        }

        var nvml = _nvml!;
        for (var i = 0; i < MaxEventsPerRead; i++)
        {
            var code = nvml.EventSetWait(_events, 0, out var data);
            if (code != NvmlReturn.Success)
            {
                if (NvmlReturn.Classify(code) is not (NvmlOutcome.Timeout or NvmlOutcome.Lost))
                {
                    Failed(-1, "nvmlEventSetWait_v2", code);
                }

                return;
            }

            if ((data.EventType & NvmlLibrary.XidCriticalErrorEvent) == 0)
            {
                continue;
            }

            // An event without a known device (data.Device 0) is the whole board's: every GPU gets it.
            foreach (var device in _devices.Where(d => data.Device == 0 || d.Handle == data.Device))
            {
                var fatal = _health.RecordXid(device.Index, data.EventData);
                LogXid(data.EventData, device.Index, device.Uuid, fatal ? "fatal: the GPU is taken out of service" : "not fatal: the application that caused it failed, the GPU stays in service");
            }
        }
    }
}
