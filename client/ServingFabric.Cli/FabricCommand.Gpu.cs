using ServingFabric.Gpu.Probe;

namespace ServingFabric.Cli;

/// <summary>fabric gpu probe: the same report as the standalone fabric-gpu-probe, from <see cref="GpuProbe"/>.</summary>
internal static partial class FabricCommand
{
    private static async Task<int> GpuProbeAsync(GpuProbeCommand probe, TextWriter output, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var inventory = environment.OpenGpuInventory();
        var options = new GpuProbeOptions { Samples = probe.Samples, Interval = probe.Interval, Json = probe.Output == OutputFormat.Json };
        try
        {
            return await GpuProbe.RunAsync(inventory, options, output, environment.Delay, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Interrupted;
        }
    }
}
