using System.Collections.Concurrent;
using Orleans.Runtime;
using ServingFabric.Grains.Scaling;

namespace ServingFabric.Grains.Tests.Scaling;

/// <summary>
/// Silo CPU and memory as a test sets them (in-process silos share one machine, so real readings cannot tell them
/// apart); every silo of the cluster shares this instance. Unset silos read 10 % and 10 %.
/// </summary>
internal sealed class ControlledSiloResources : ISiloResourceReader
{
    private readonly ConcurrentDictionary<SiloAddress, SiloResourceUsage> _usage = new();

    public void Set(SiloAddress silo, double cpuPercent, double memoryPercent) => _usage[silo] = new SiloResourceUsage(cpuPercent, memoryPercent);

    public Task<IReadOnlyDictionary<SiloAddress, SiloResourceUsage>> ReadAsync(IReadOnlyList<SiloAddress> silos, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<SiloAddress, SiloResourceUsage> usage = silos.ToDictionary(s => s, s => _usage.GetValueOrDefault(s) ?? new SiloResourceUsage(10, 10));
        return Task.FromResult(usage);
    }
}
