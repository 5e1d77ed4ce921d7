using ServingFabric.Grains.Placement;

namespace ServingFabric.Grains.Supervision;

/// <summary>The cluster as the supervisor sees it at one tick: live silos by name, their zones, the inference zones.</summary>
/// <param name="LiveSilos">Active silos, keyed by the string a replica reports (<c>SiloAddress.ToString()</c>).</param>
/// <param name="Candidates">The active silos described for placement.</param>
/// <param name="GpuNeed">
/// For a GPU model: what a silo needs to host it (for example <c>a GPU that holds 10737418240 bytes</c>), and the view
/// counts only the silos that have it as inference silos; null for a CPU model.
/// </param>
internal sealed record ClusterView(IReadOnlyDictionary<string, PlacementCandidate> LiveSilos, IReadOnlyList<PlacementCandidate> Candidates, string? GpuNeed = null)
{
    public IReadOnlyList<string> Zones { get; } = ZoneSpreadChoice.ZonesOf(Candidates);

    public int InferenceSilos { get; } = Candidates.Count(c => c.IsInference);

    /// <summary>False when no silo names a zone: then only silos count for the spread.</summary>
    public bool ZoneAware => Zones.Any(z => z.Length > 0);

    public bool IsAlive(string? silo) => silo is not null && LiveSilos.ContainsKey(silo);

    /// <summary>The zone of a live silo; null when unknown or unnamed.</summary>
    public string? ZoneOf(string? silo) =>
        silo is not null && LiveSilos.TryGetValue(silo, out var candidate) && candidate.Zone.Length > 0 ? candidate.Zone : null;

    public string? TargetZone(int index) => ZoneAware ? ZoneSpreadChoice.TargetZone(Zones, index) : null;

    /// <summary>How the silos counted by <see cref="InferenceSilos"/> are named in events.</summary>
    public string InferenceSilosName => GpuNeed is null ? "inference silo(s)" : $"inference silo(s) with {GpuNeed}";

    /// <summary>
    /// The view of a GPU model: only silos for which <paramref name="canHost"/> holds count as inference silos (for the
    /// spread, its zones and the autoscaler's cap); the others stay live, so replicas on them are still recognised.
    /// </summary>
    public ClusterView ForGpu(Func<PlacementCandidate, bool> canHost, string need)
    {
        ArgumentNullException.ThrowIfNull(canHost);
        var candidates = Candidates.Select(c => c.IsInference && !canHost(c) ? c with { IsInference = false } : c).ToList();
        return new ClusterView(candidates.ToDictionary(c => c.Silo.ToString(), StringComparer.Ordinal), candidates, need);
    }
}
