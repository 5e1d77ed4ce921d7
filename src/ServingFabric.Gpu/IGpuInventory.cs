namespace ServingFabric.Gpu;

/// <summary>
/// The GPUs of this machine. The real one reads NVML (<c>libnvidia-ml.so.1</c>); a machine without the library has
/// no GPUs (<see cref="Available"/> false, <see cref="Read"/> empty), which is the normal case on CPU silos.
/// Implementations are safe to call from several threads.
/// </summary>
public interface IGpuInventory : IDisposable
{
    /// <summary>True when the GPU library loaded and initialised; false on a machine without GPUs or driver.</summary>
    bool Available { get; }

    /// <summary>Why <see cref="Available"/> is false (library absent, init failed with NVML's message); null when available.</summary>
    string? UnavailableReason { get; }

    /// <summary>The driver version NVML reports; null when unavailable.</summary>
    string? DriverVersion { get; }

    /// <summary>A fresh reading of every GPU, in NVML index order; empty when unavailable.</summary>
    IReadOnlyList<GpuReading> Read();
}
