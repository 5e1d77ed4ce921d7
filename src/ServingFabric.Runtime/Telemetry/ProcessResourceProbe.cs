namespace ServingFabric.Runtime.Telemetry;

/// <summary>
/// Reads this process's CPU time and working set, and the limits that apply to it: cgroup v2 <c>cpu.max</c> and
/// <c>memory.max</c> (a Kubernetes container's limits) when set, else the machine's processor count and physical memory.
/// </summary>
public sealed class ProcessResourceProbe : ISiloResourceProbe
{
    private readonly string _cgroupRoot;
    private readonly string _procRoot;

    /// <summary>Reads the real <c>/sys/fs/cgroup</c> and <c>/proc</c>.</summary>
    public ProcessResourceProbe()
        : this("/sys/fs/cgroup", "/proc")
    {
    }

    /// <summary>Reads cgroup files under <paramref name="cgroupRoot"/> and proc files under <paramref name="procRoot"/> (tests).</summary>
    internal ProcessResourceProbe(string cgroupRoot, string procRoot)
    {
        _cgroupRoot = cgroupRoot;
        _procRoot = procRoot;
    }

    public TimeSpan ProcessCpuTime() => Environment.CpuUsage.TotalTime;

    public long WorkingSetBytes() => Environment.WorkingSet;

    public double CpuLimitCores()
    {
        // Environment.ProcessorCount already honours affinity and rounds a quota up; the quota itself keeps fractions.
        var quota = CgroupLimits.CpuMaxCores(_cgroupRoot, CgroupPath());
        return quota is { } cores && cores < Environment.ProcessorCount ? cores : Environment.ProcessorCount;
    }

    public long MemoryLimitBytes() =>
        CgroupLimits.MemoryMax(_cgroupRoot, CgroupPath())
        ?? CgroupLimits.MemTotal(ReadText(Path.Combine(_procRoot, "meminfo")))
        ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private string? CgroupPath() => CgroupLimits.UnifiedPath(ReadText(Path.Combine(_procRoot, "self", "cgroup")));

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
