namespace ServingFabric.Grains.Scaling;

/// <summary>A silo's CPU and memory use, in percent of what it may use.</summary>
/// <param name="CpuPercent">CPU, 0 to 100.</param>
/// <param name="MemoryPercent">Memory, 0 to 100.</param>
internal sealed record SiloResourceUsage(double CpuPercent, double MemoryPercent)
{
    public bool IsAbove(double maxCpuPercent, double maxMemoryPercent) => CpuPercent > maxCpuPercent || MemoryPercent > maxMemoryPercent;
}
