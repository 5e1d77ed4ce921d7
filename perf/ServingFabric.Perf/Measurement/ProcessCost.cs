namespace ServingFabric.Perf.Measurement;

/// <summary>
/// This process's managed allocations (the runtime's allocation counter, <see cref="GC.GetTotalAllocatedBytes"/>) and
/// CPU time (every thread, user and kernel) at one moment; two readings around a run give its cost per request. With
/// the silo in this process (cores shared) the figures are the silo's, the bare server's (idle unless measured) and
/// the load generator's together: compare paths by their difference, the generator's share being about the same.
/// </summary>
internal readonly record struct ProcessCost(long AllocatedBytes, TimeSpan CpuTime)
{
    public static ProcessCost Now() => new(GC.GetTotalAllocatedBytes(precise: false), Environment.CpuUsage.TotalTime);

    /// <summary>Bytes allocated per request since <paramref name="start"/>, or null when none was answered.</summary>
    public double? AllocatedBytesPerRequest(ProcessCost start, long requests) =>
        requests > 0 ? Math.Round((double)(AllocatedBytes - start.AllocatedBytes) / requests, 0) : null;

    /// <summary>CPU milliseconds per request since <paramref name="start"/>, or null when none was answered.</summary>
    public double? CpuMsPerRequest(ProcessCost start, long requests) =>
        requests > 0 ? Math.Round((CpuTime - start.CpuTime).TotalMilliseconds / requests, 4) : null;
}
