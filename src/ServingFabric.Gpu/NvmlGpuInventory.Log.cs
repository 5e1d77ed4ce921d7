using Microsoft.Extensions.Logging;

namespace ServingFabric.Gpu;

public sealed partial class NvmlGpuInventory
{
    [LoggerMessage(1, LogLevel.Information, "GPU inventory: {Reason}. This silo serves on CPU; on a GPU machine install the NVIDIA driver (nvidia-smi must work) and give the container the GPU (NVIDIA Container Toolkit, --gpus or a nvidia.com/gpu limit)")]
    private partial void LogUnavailable(string reason);

    [LoggerMessage(2, LogLevel.Error, "GPU {Index} ({Uuid}) is unhealthy: {Problem}")]
    private partial void LogUnhealthy(int index, string uuid, string problem);

    [LoggerMessage(3, LogLevel.Warning, "NVML {Function} failed for GPU {Index} (-1: the event set): {Error}; the value is shown as unknown. Check the driver (nvidia-smi -q) and that this process may read the device")]
    private partial void LogQueryFailed(string function, int index, string error);

    [LoggerMessage(4, LogLevel.Warning, "XID {Xid} on GPU {Index} ({Uuid}): {Verdict}. NVIDIA's Xid catalogue (docs.nvidia.com/deploy/xid-errors) says what it means")]
    private partial void LogXid(ulong xid, int index, string uuid, string verdict);

    [LoggerMessage(5, LogLevel.Information, "GPU inventory: NVML offers no XID events ({Error}); health follows lost devices and ECC counts only")]
    private partial void LogNoXidEvents(string error);
}
