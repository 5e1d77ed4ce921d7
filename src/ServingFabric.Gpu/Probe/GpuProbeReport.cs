using System.Globalization;
using System.Text.Json;

namespace ServingFabric.Gpu.Probe;

/// <summary>The probe's output: text for people, a JSON line for scripts. Plain text (no console library) so the trimmed probe prints the same.</summary>
public static class GpuProbeReport
{
    private const double MiB = 1024 * 1024;

    /// <summary>Why there are no GPUs, as one line: the inventory's reason, or that NVML found none.</summary>
    public static string NoGpus(IGpuInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        return inventory.UnavailableReason
            ?? $"no GPUs: NVML (driver {inventory.DriverVersion ?? "unknown"}) lists no devices; check nvidia-smi, and CUDA_VISIBLE_DEVICES or the container's GPU request";
    }

    /// <summary>The driver and every GPU, one block each; a header names the sample when there are several.</summary>
    public static void WriteText(TextWriter output, string? driverVersion, IReadOnlyList<GpuReading> gpus, int sample = 1, int samples = 1)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(gpus);
        var heading = samples > 1 ? $"sample {sample} of {samples}: " : string.Empty;
        output.WriteLine($"{heading}driver {driverVersion ?? "unknown"}, {gpus.Count} GPU{(gpus.Count == 1 ? "" : "s")}");
        foreach (var gpu in gpus)
        {
            output.WriteLine();
            output.WriteLine($"GPU {gpu.Index}  {gpu.Name}  {gpu.Uuid}");
            output.WriteLine($"  memory        {Number(gpu.MemoryUsedBytes / MiB, "0")} MiB used of {Number(gpu.MemoryTotalBytes / MiB, "0")} MiB");
            output.WriteLine($"  utilization   {Percent(gpu.UtilizationPercent)} (memory {Percent(gpu.MemoryUtilizationPercent)})");
            output.WriteLine($"  temperature   {(gpu.TemperatureCelsius is { } t ? $"{t} C" : NotSupported)}");
            output.WriteLine($"  power         {(gpu.PowerWatts is { } w ? $"{Number(w, "0.0")} W" : NotSupported)}");
            output.WriteLine($"  ECC errors    {(gpu.EccUncorrectedErrors is null && gpu.EccCorrectedErrors is null ? NotSupported : $"{Count(gpu.EccUncorrectedErrors)} uncorrected, {Count(gpu.EccCorrectedErrors)} corrected")}");
            output.WriteLine($"  health        {(gpu.Problem is { } problem ? $"UNHEALTHY: {problem}" : "healthy")}");
        }
    }

    /// <summary>One compact JSON document (a line) for one reading.</summary>
    public static string Json(GpuProbeSample sample) => JsonSerializer.Serialize(sample, GpuProbeJsonContext.Default.GpuProbeSample);

    private const string NotSupported = "n/a (not supported)";

    private static string Percent(int? value) => value is { } v ? $"{v} %" : NotSupported;

    private static string Count(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "n/a";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
