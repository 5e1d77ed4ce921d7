using System.Globalization;
using Orleans.Runtime;
using ServingFabric.Models;
using ServingFabric.Grains.Placement;

namespace ServingFabric.Grains.Supervision;

/// <summary>The cluster as a supervisor round sees it: the active silos from membership, described with their metadata and placement load.</summary>
internal sealed class ClusterViewReader(IClusterMembershipService membership, SiloMetadataReader metadata, ReplicaPlacementHints placementHints,
    GpuPlacementView? gpus = null)
{
    public ClusterView Read()
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress);
        var candidates = SiloTopology.Describe(active, metadata.Of, placementHints.LoadOf);
        return new ClusterView(candidates.ToDictionary(c => c.Silo.ToString(), StringComparer.Ordinal), candidates);
    }

    /// <summary>
    /// The view for <paramref name="model"/>: for a GPU model that may not fall back to the CPU, only silos whose
    /// advertised GPUs could hold one of its sessions count as inference silos. That is the static capacity (a GPU big
    /// enough), not the room left now, so the spread does not flap as sessions come and go.
    /// </summary>
    public ClusterView Read(string model)
    {
        var view = Read();
        if (gpus?.GpuExecutionOf(model) is not { Fallback: ExecutionFallback.None } execution)
        {
            return view;
        }

        var need = execution.GpuMemoryLimitBytes is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"a GPU that holds {bytes} bytes")
            : "a GPU of its own";
        return view.ForGpu(c => GpuCapacity.Fits(GpuCapacity.Devices(metadata.Of(c.Silo)), [], execution), need);
    }
}
