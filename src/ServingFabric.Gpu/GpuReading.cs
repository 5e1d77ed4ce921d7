namespace ServingFabric.Gpu;

/// <summary>One GPU at one moment. A value NVML does not support on the device is null.</summary>
/// <param name="Index">NVML's index (the CUDA device id when CUDA_VISIBLE_DEVICES is not reordering).</param>
/// <param name="Uuid">NVML's UUID, for example <c>GPU-5b1d...</c>: the stable name of the device.</param>
/// <param name="Name">The product name, for example <c>NVIDIA H100 80GB HBM3</c>.</param>
/// <param name="MemoryTotalBytes">Framebuffer memory in all.</param>
/// <param name="MemoryUsedBytes">Framebuffer memory in use (by every process).</param>
/// <param name="UtilizationPercent">Percent of the last sample period a kernel ran.</param>
/// <param name="MemoryUtilizationPercent">Percent of the last sample period memory was read or written.</param>
/// <param name="TemperatureCelsius">Core temperature.</param>
/// <param name="PowerWatts">Power draw.</param>
/// <param name="EccUncorrectedErrors">Uncorrectable ECC errors since the driver loaded (volatile count).</param>
/// <param name="EccCorrectedErrors">Corrected ECC errors since the driver loaded (volatile count).</param>
/// <param name="Problem">Why the device is unhealthy (lost, uncorrectable ECC, fatal XID); null when healthy.</param>
public sealed record GpuReading(
    int Index,
    string Uuid,
    string Name,
    long MemoryTotalBytes,
    long MemoryUsedBytes,
    int? UtilizationPercent,
    int? MemoryUtilizationPercent,
    int? TemperatureCelsius,
    double? PowerWatts,
    long? EccUncorrectedErrors,
    long? EccCorrectedErrors,
    string? Problem)
{
    /// <summary>True when no problem was seen.</summary>
    public bool Healthy => Problem is null;
}
