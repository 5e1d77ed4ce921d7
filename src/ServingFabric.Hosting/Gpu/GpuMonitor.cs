using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Runtime.Gpu;

namespace ServingFabric.Hosting.Gpu;

/// <summary>
/// Reads the silo's GPUs through NVML every <see cref="GpuOptions.PollInterval"/>: the readings feed the GPU metrics and
/// the operator view, and a device NVML calls unhealthy (lost, uncorrectable ECC errors, a fatal XID) is marked failed,
/// which moves its replicas. On a silo without GPUs it logs why once and does nothing more.
/// </summary>
internal sealed partial class GpuMonitor(GpuDevices devices, GpuMetrics metrics, IOptions<GpuOptions> options, TimeProvider time, ILogger<GpuMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var found = devices.Devices;
        if (found.Count == 0)
        {
            LogNoGpus(logger, devices.UnavailableReason ?? "none found");
            return;
        }

        metrics.Watch(devices);
        LogGpus(logger, found.Count, string.Join("; ", found.Select(d => $"{d.Index}: {d.Name} {d.Uuid} {d.MemoryTotalBytes} bytes")));
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                devices.Refresh();
            }
            catch (Exception ex)
            {
                LogReadFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No GPUs on this silo ({Reason}); models whose config.json asks for CUDA are placed on GPU silos")]
    private static partial void LogNoGpus(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} GPU(s) on this silo: {Devices}")]
    private static partial void LogGpus(ILogger logger, int count, string devices);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the GPUs through NVML failed; the last reading stands. Check the driver (nvidia-smi).")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
