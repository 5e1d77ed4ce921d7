using System.Collections.Immutable;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace ServingFabric.Grains.Placement;

/// <summary>
/// Reads silo metadata (zone, roles) from Orleans' cache. The cache exists only on silos built with
/// <c>UseSiloMetadata</c>; without it every silo reads as having no metadata, so it counts as an inference silo in
/// one unnamed zone. The silo builder extensions hand the cache over when there is one.
/// </summary>
internal sealed class SiloMetadataReader(ISiloMetadataCache? cache)
{
    public IReadOnlyDictionary<string, string> Of(SiloAddress silo) =>
        cache?.GetSiloMetadata(silo).Metadata ?? (IReadOnlyDictionary<string, string>)ImmutableDictionary<string, string>.Empty;
}
