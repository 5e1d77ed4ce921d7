namespace ServingFabric.Gpu.Probe;

/// <summary>One reading as <c>--output json</c> prints it.</summary>
/// <param name="Sample">Which reading, from 1.</param>
/// <param name="Available">Whether NVML answered.</param>
/// <param name="Reason">Why there are no GPUs; null when some are listed.</param>
/// <param name="DriverVersion">The NVIDIA driver's version; null without NVML.</param>
/// <param name="Gpus">Every GPU, in NVML index order.</param>
public sealed record GpuProbeSample(int Sample, bool Available, string? Reason, string? DriverVersion, IReadOnlyList<GpuReading> Gpus);
