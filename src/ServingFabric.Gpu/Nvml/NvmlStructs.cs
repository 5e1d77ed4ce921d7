using System.Runtime.InteropServices;

namespace ServingFabric.Gpu.Nvml;

// Layouts as nvml.h declares them (checked by NvmlStructLayoutTests against the header's field order and widths).

/// <summary><c>nvmlMemory_t</c>: framebuffer memory in bytes (the v1 struct that <c>nvmlDeviceGetMemoryInfo</c> fills).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlMemory
{
    public ulong Total;
    public ulong Free;
    public ulong Used;
}

/// <summary><c>nvmlUtilization_t</c>: percent of the last sample period (between 1/6 s and 1 s) a kernel ran, and memory was busy.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlUtilization
{
    public uint Gpu;
    public uint Memory;
}

/// <summary><c>nvmlEventData_t</c> as <c>nvmlEventSetWait_v2</c> fills it (the MIG ids were added with v2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlEventData
{
    /// <summary>The <c>nvmlDevice_t</c> the event happened on.</summary>
    public nint Device;

    public ulong EventType;

    /// <summary>For <c>nvmlEventTypeXidCriticalError</c>, the XID; 999 when the driver does not know it.</summary>
    public ulong EventData;

    /// <summary>The MIG GPU instance the XID belongs to; 0xFFFFFFFF when none.</summary>
    public uint GpuInstanceId;

    public uint ComputeInstanceId;
}
