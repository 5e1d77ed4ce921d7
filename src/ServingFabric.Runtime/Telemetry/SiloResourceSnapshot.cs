namespace ServingFabric.Runtime.Telemetry;

/// <summary>One reading of the silo process's CPU and memory against what its container (or machine) allows.</summary>
/// <param name="At">When it was taken.</param>
/// <param name="CpuUtilization">Process CPU time over the last interval divided by the cores it may use, 0 to 1.</param>
/// <param name="CpuLimitCores">Cores the process may use: the cgroup CPU quota when set, else the processor count.</param>
/// <param name="MemoryUtilization">Working set divided by the memory limit, 0 to 1.</param>
/// <param name="WorkingSetBytes">The process's working set (resident memory).</param>
/// <param name="MemoryLimitBytes">The cgroup v2 memory.max when set, else the machine's physical memory.</param>
public sealed record SiloResourceSnapshot(
    DateTimeOffset At,
    double CpuUtilization,
    double CpuLimitCores,
    double MemoryUtilization,
    long WorkingSetBytes,
    long MemoryLimitBytes)
{
    /// <summary><see cref="CpuUtilization"/> in percent, as scaling settings state their thresholds.</summary>
    public double CpuPercent => CpuUtilization * 100;

    /// <summary><see cref="MemoryUtilization"/> in percent.</summary>
    public double MemoryPercent => MemoryUtilization * 100;
}
