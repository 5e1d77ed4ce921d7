namespace ServingFabric.Runtime.Telemetry;

/// <summary>Raw readings behind <see cref="SiloResourceMonitor"/>; replaced in tests.</summary>
public interface ISiloResourceProbe
{
    /// <summary>CPU time the process has used since it started (user and kernel).</summary>
    TimeSpan ProcessCpuTime();

    /// <summary>The process's working set in bytes.</summary>
    long WorkingSetBytes();

    /// <summary>Cores the process may use (a fraction when the CPU quota is one).</summary>
    double CpuLimitCores();

    /// <summary>Bytes the process may use before it is killed or swaps.</summary>
    long MemoryLimitBytes();
}
