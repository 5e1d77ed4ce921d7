using System.Globalization;

namespace ServingFabric.Cli;

/// <summary>gpu probe: reads this machine's GPUs; the only command that needs no gateway and no key file.</summary>
internal static class GpuCommands
{
    public static LeafCommand Probe()
    {
        var samples = FabricOptions.Integer("--samples", "10", "how many readings to take (1 to 100000, default 1); with --interval, to watch a GPU under load");
        var interval = FabricOptions.Number("--interval", "1", "seconds between readings (0.1 to 3600, default 1)");
        return new LeafCommand("probe", "the NVIDIA driver and every GPU: memory, utilization, temperature, power, ECC errors, health",
            "fabric gpu probe --samples 10 --interval 1", (parse, url) =>
            {
                var count = parse.GetValue(samples) ?? 1;
                if (count is < 1 or > 100_000)
                {
                    throw new CliUsageException($"--samples must be 1 to 100000; got {count.ToString(CultureInfo.InvariantCulture)}; as in --samples 10");
                }

                var seconds = parse.GetValue(interval) ?? 1;
                return seconds is >= 0.1 and <= 3600
                    ? new GpuProbeCommand(url, (int)count, TimeSpan.FromSeconds(seconds))
                    : throw new CliUsageException($"--interval must be 0.1 to 3600 seconds; got {seconds.ToString(CultureInfo.InvariantCulture)}; as in --interval 1");
            }) { samples, interval };
    }
}
