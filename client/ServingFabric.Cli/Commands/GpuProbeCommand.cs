namespace ServingFabric.Cli;

/// <summary><c>fabric gpu probe</c>: this machine's GPUs through NVML (driver, memory, utilization, temperature, power, ECC, health).</summary>
/// <param name="Url">The gateway (unused: the GPUs are local).</param>
/// <param name="Samples">How many readings (1 or more).</param>
/// <param name="Interval">The wait between readings.</param>
internal sealed record GpuProbeCommand(Uri Url, int Samples, TimeSpan Interval) : CliCommand(Url);
