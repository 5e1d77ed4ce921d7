namespace ServingFabric.Contracts.Gpus;

/// <summary>A silo's GPUs (<c>GET /v1/gpus</c>, scope <c>read</c>): what NVML reads and what the silo's sessions hold.</summary>
/// <param name="Silo">The silo that answered.</param>
/// <param name="Available">True when NVML loaded and found the driver.</param>
/// <param name="Reason">Why there are no GPUs (library absent, init failed); null when there are.</param>
/// <param name="DriverVersion">The NVIDIA driver's version; null when unavailable.</param>
/// <param name="Devices">Each GPU in device order; empty on a CPU silo.</param>
public sealed record GpusResponse(string Silo, bool Available, string? Reason, string? DriverVersion, IReadOnlyList<GpuResponse> Devices);

/// <summary>One GPU. A value NVML does not support on the device is null.</summary>
/// <param name="Index">CUDA device id.</param>
/// <param name="Uuid">NVML UUID.</param>
/// <param name="Name">Product name.</param>
/// <param name="MemoryTotalBytes">Its memory.</param>
/// <param name="MemoryUsedBytes">Memory in use by every process, as NVML reads it.</param>
/// <param name="MemoryReservedBytes">Memory reserved by this silo's model sessions (their <c>gpu_memory_limit_bytes</c>).</param>
/// <param name="UtilizationPercent">Percent of the last sample period a kernel ran.</param>
/// <param name="TemperatureCelsius">Core temperature.</param>
/// <param name="PowerWatts">Power draw.</param>
/// <param name="EccCorrectedErrors">Corrected ECC errors since the driver loaded.</param>
/// <param name="EccUncorrectedErrors">Uncorrectable ECC errors since the driver loaded.</param>
/// <param name="Healthy">False once the device failed (sticky until the silo restarts).</param>
/// <param name="Problem">Why it failed; null while healthy.</param>
/// <param name="Sessions">The model versions holding a session on it, as <c>model/version</c>.</param>
public sealed record GpuResponse(
    int Index,
    string Uuid,
    string Name,
    long MemoryTotalBytes,
    long? MemoryUsedBytes,
    long MemoryReservedBytes,
    int? UtilizationPercent,
    int? TemperatureCelsius,
    double? PowerWatts,
    long? EccCorrectedErrors,
    long? EccUncorrectedErrors,
    bool Healthy,
    string? Problem,
    IReadOnlyList<string> Sessions);

/// <summary>This silo's GPUs as the management API shows them (registered by the silo's hosting; absent: no GPU support).</summary>
public interface IGpuStatusSource
{
    /// <summary>The GPUs now, for silo <paramref name="silo"/>.</summary>
    GpusResponse Status(string silo);
}
