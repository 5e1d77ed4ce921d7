using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ServingFabric.Gpu.Nvml;

namespace ServingFabric.Gpu.Tests.Nvml;

/// <summary>The structs NVML fills, against nvml.h's declarations (64-bit Linux: pointers 8 bytes, unsigned int 4, unsigned long long 8).</summary>
public sealed class NvmlStructLayoutTests
{
    [Fact]
    public void NvmlMemory_Layout_MatchesNvmlMemoryT()
    {
        // typedef struct { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;
        Assert.Equal(24, Marshal.SizeOf<NvmlMemory>());
        Assert.Equal(24, Unsafe.SizeOf<NvmlMemory>());
        Assert.Equal(0, Offset<NvmlMemory>(nameof(NvmlMemory.Total)));
        Assert.Equal(8, Offset<NvmlMemory>(nameof(NvmlMemory.Free)));
        Assert.Equal(16, Offset<NvmlMemory>(nameof(NvmlMemory.Used)));
    }

    [Fact]
    public void NvmlUtilization_Layout_MatchesNvmlUtilizationT()
    {
        // typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
        Assert.Equal(8, Marshal.SizeOf<NvmlUtilization>());
        Assert.Equal(8, Unsafe.SizeOf<NvmlUtilization>());
        Assert.Equal(0, Offset<NvmlUtilization>(nameof(NvmlUtilization.Gpu)));
        Assert.Equal(4, Offset<NvmlUtilization>(nameof(NvmlUtilization.Memory)));
    }

    [Fact]
    public void NvmlEventData_Layout_MatchesNvmlEventDataT()
    {
        // typedef struct { nvmlDevice_t device; unsigned long long eventType; unsigned long long eventData;
        //                  unsigned int gpuInstanceId; unsigned int computeInstanceId; } nvmlEventData_t;
        Assert.Equal(32, Marshal.SizeOf<NvmlEventData>());
        Assert.Equal(32, Unsafe.SizeOf<NvmlEventData>());
        Assert.Equal(0, Offset<NvmlEventData>(nameof(NvmlEventData.Device)));
        Assert.Equal(8, Offset<NvmlEventData>(nameof(NvmlEventData.EventType)));
        Assert.Equal(16, Offset<NvmlEventData>(nameof(NvmlEventData.EventData)));
        Assert.Equal(24, Offset<NvmlEventData>(nameof(NvmlEventData.GpuInstanceId)));
        Assert.Equal(28, Offset<NvmlEventData>(nameof(NvmlEventData.ComputeInstanceId)));
    }

    private static int Offset<T>(string field) => (int)Marshal.OffsetOf<T>(field);
}
