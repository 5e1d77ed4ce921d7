using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Gpu;
using ServingFabric.Gpu.Probe;

// fabric-gpu-probe [--samples N] [--interval SECONDS] [--output table|json]: the same report as `fabric gpu probe`.
if (!GpuProbeArguments.TryParse(args, out var options, out var help, out var error))
{
    await Console.Error.WriteLineAsync($"fabric-gpu-probe: {error}\n\n{GpuProbeArguments.Usage}");
    return GpuProbe.UsageError;
}

if (help)
{
    await Console.Out.WriteLineAsync(GpuProbeArguments.Usage);
    return GpuProbe.GpusListed;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C between samples ends the watch with the shells' code for SIGINT instead of a stack trace.
    e.Cancel = true;
    interrupted.Cancel();
};
using var inventory = new NvmlGpuInventory(NullLogger<NvmlGpuInventory>.Instance);
try
{
    return await GpuProbe.RunAsync(inventory, options!, Console.Out, Task.Delay, interrupted.Token);
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    return 130;
}
