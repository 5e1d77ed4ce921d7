using ServingFabric.Grains.Placement;

namespace ServingFabric.Grains.Supervision;

/// <summary>The cluster as the supervisor sees it at one tick: live silos by name, their zones, the inference zones.</summary>
/// <param name="LiveSilos">Active silos, keyed by the string a replica reports (<c>SiloAddress.ToString()</c>).</param>
/// <param name="Candidates">The active silos described for placement.</param>
internal sealed record ClusterView(IReadOnlyDictionary<string, PlacementCandidate> LiveSilos, IReadOnlyList<PlacementCandidate> Candidates)
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
}
