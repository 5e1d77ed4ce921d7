using Orleans.Runtime;

namespace ServingFabric.Grains.Scaling;

/// <summary>Reads the CPU and memory use of silos, for the autoscaler's resource signal and for placement.</summary>
internal interface ISiloResourceReader
{
    /// <summary>The use of each of <paramref name="silos"/> that answered; a silo missing from the result is unknown.</summary>
    Task<IReadOnlyDictionary<SiloAddress, SiloResourceUsage>> ReadAsync(IReadOnlyList<SiloAddress> silos, CancellationToken cancellationToken);
}
