using Orleans.Runtime;
using ServingFabric.Grains.Placement;

namespace ServingFabric.Grains.Supervision;

/// <summary>The cluster as a supervisor round sees it: the active silos from membership, described with their metadata and placement load.</summary>
internal sealed class ClusterViewReader(IClusterMembershipService membership, SiloMetadataReader metadata, ReplicaPlacementHints placementHints)
{
    public ClusterView Read()
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress);
        var candidates = SiloTopology.Describe(active, metadata.Of, placementHints.LoadOf);
        return new ClusterView(candidates.ToDictionary(c => c.Silo.ToString(), StringComparer.Ordinal), candidates);
    }
}
