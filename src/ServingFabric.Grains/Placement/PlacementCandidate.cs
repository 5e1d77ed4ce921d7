using Orleans.Runtime;

namespace ServingFabric.Grains.Placement;

/// <summary>A silo as placement sees it.</summary>
/// <param name="Silo">The silo.</param>
/// <param name="Zone">Its zone; empty when it has none.</param>
/// <param name="IsInference">Whether it may host replicas.</param>
/// <param name="Load">Replicas known to be on it (a hint: see <see cref="ReplicaPlacementHints"/>).</param>
internal sealed record PlacementCandidate(SiloAddress Silo, string Zone, bool IsInference, int Load);
