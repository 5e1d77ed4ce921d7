namespace ServingFabric.Gpu.Probe;

/// <summary>
/// Reads the GPUs and prints them: the body of <c>fabric gpu probe</c> and of the standalone <c>fabric-gpu-probe</c>
/// that travels, trimmed, to a GPU machine without .NET. Needs no gateway.
/// </summary>
public static class GpuProbe
{
    /// <summary>At least one GPU was listed (healthy or not: the health column says which).</summary>
    public const int GpusListed = 0;

    /// <summary>The arguments were wrong (the standalone probe's parser; fabric uses its own usage code, also 2).</summary>
    public const int UsageError = 2;

    /// <summary>No GPUs: no NVML library, NVML failed to initialise, or it lists no devices. The output says which.</summary>
    public const int NoGpus = 5;

    /// <summary>Reads <see cref="GpuProbeOptions.Samples"/> times, <see cref="GpuProbeOptions.Interval"/> apart, printing each reading.</summary>
    /// <param name="inventory">The GPUs (an <see cref="NvmlGpuInventory"/> outside tests).</param>
    /// <param name="options">Samples, interval, JSON or text.</param>
    /// <param name="output">Where readings go, and the no-GPU answer.</param>
    /// <param name="delay">Waits between samples (tests pass one that returns at once).</param>
    /// <param name="cancellationToken">Stops between samples.</param>
    /// <returns><see cref="GpusListed"/> or <see cref="NoGpus"/>.</returns>
    public static async Task<int> RunAsync(
        IGpuInventory inventory, GpuProbeOptions options, TextWriter output, Func<TimeSpan, CancellationToken, Task> delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(delay);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 1);
        for (var sample = 1; sample <= options.Samples; sample++)
        {
            if (sample > 1)
            {
                await delay(options.Interval, cancellationToken);
            }

            var gpus = inventory.Read();
            var reason = gpus.Count == 0 ? GpuProbeReport.NoGpus(inventory) : null;
            if (options.Json)
            {
                await output.WriteLineAsync(GpuProbeReport.Json(new GpuProbeSample(sample, inventory.Available, reason, inventory.DriverVersion, gpus)));
            }
            else if (reason is not null)
            {
                await output.WriteLineAsync(reason);
            }
            else
            {
                GpuProbeReport.WriteText(output, inventory.DriverVersion, gpus, sample, options.Samples);
            }

            if (reason is not null)
            {
                // Without GPUs now there will be none at the next sample: NVML does not hot-plug devices.
                return NoGpus;
            }

            if (sample < options.Samples && !options.Json)
            {
                await output.WriteLineAsync();
            }
        }

        return GpusListed;
    }
}
