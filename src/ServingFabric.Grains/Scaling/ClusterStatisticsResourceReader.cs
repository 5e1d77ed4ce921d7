using Orleans.Runtime;

namespace ServingFabric.Grains.Scaling;

/// <summary>
/// Reads silos' CPU and memory from Orleans' own statistics (<see cref="IManagementGrain.GetRuntimeStatistics"/>: each
/// silo's IEnvironmentStatisticsProvider, Kalman-filtered CPU and the process's memory against the most it may use),
/// so every silo is covered, including those that host no replica yet, without a service of ours on each silo. A
/// reading is reused for <paramref name="refreshInterval"/> so that routers of many models do not ask every round.
/// </summary>
internal sealed class ClusterStatisticsResourceReader(IGrainFactory grains, TimeProvider time, TimeSpan refreshInterval) : ISiloResourceReader
{
    // One reference, swapped whole: routers on the silo may read at once.
    private Reading? _last;

    public async Task<IReadOnlyDictionary<SiloAddress, SiloResourceUsage>> ReadAsync(IReadOnlyList<SiloAddress> silos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silos);
        var now = time.GetUtcNow();
        if (Volatile.Read(ref _last) is { } last && now - last.At < refreshInterval && silos.All(last.Usage.ContainsKey))
        {
            return last.Usage;
        }

        var statistics = await grains.GetGrain<IManagementGrain>(0).GetRuntimeStatistics([.. silos], cancellationToken).ConfigureAwait(false);
        var usage = new Dictionary<SiloAddress, SiloResourceUsage>();
        for (var i = 0; i < silos.Count && i < statistics.Length; i++)
        {
            var environment = statistics[i].EnvironmentStatistics;
            usage[silos[i]] = new SiloResourceUsage(environment.FilteredCpuUsagePercentage, environment.MemoryUsagePercentage);
        }

        Volatile.Write(ref _last, new Reading(now, usage));
        return usage;
    }

    private sealed record Reading(DateTimeOffset At, IReadOnlyDictionary<SiloAddress, SiloResourceUsage> Usage);
}
