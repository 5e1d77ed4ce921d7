using Orleans.Runtime;

namespace ServingFabric.Grains.Placement;

/// <summary>
/// The zone-spread decision, pure so it can be tested without a cluster. Replica <c>i</c> of a version belongs in
/// zone <c>zones[i % zones.Count]</c> of the zones present (sorted): the spread is even, the same on every silo
/// that places, and the supervisor can tell where each replica should be. With fewer zones than replicas the
/// map wraps round (3 replicas over zones a, b: a, b, a), which is the graceful degradation.
/// </summary>
internal static class ZoneSpreadChoice
{
    /// <summary>The distinct zones of the inference silos, sorted ordinally.</summary>
    public static IReadOnlyList<string> ZonesOf(IEnumerable<PlacementCandidate> candidates) =>
        candidates.Where(c => c.IsInference).Select(c => c.Zone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The zone replica <paramref name="index"/> belongs in; null when no zone is present.</summary>
    public static string? TargetZone(IReadOnlyList<string> zones, int index) =>
        zones.Count == 0 ? null : zones[index % zones.Count];

    /// <summary>
    /// The silo for replica <paramref name="index"/> of <paramref name="versionKey"/> (<c>model/version</c>), or null
    /// when no candidate is an inference silo. Within the target zone it prefers a silo that hosts no other replica
    /// of the version (<paramref name="siblingSilos"/>), then the least loaded; ties go round the zone's silos from
    /// a slot fixed by the version and index, so that different versions start on different silos and every
    /// silo that places makes the same choice. Before all that it passes over silos above a CPU or memory limit
    /// (<paramref name="busySilos"/>) while the zone has one below: a replica there would add load, not capacity.
    /// The zone comes first: a replica put in another zone would be moved back by the supervisor's spread.
    /// </summary>
    public static SiloAddress? Choose(IReadOnlyList<PlacementCandidate> candidates, string versionKey, int index, IReadOnlySet<SiloAddress> siblingSilos,
        IReadOnlySet<SiloAddress>? busySilos = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var zones = ZonesOf(candidates);
        if (TargetZone(zones, index) is not { } target)
        {
            return null;
        }

        var inZone = candidates
            .Where(c => c.IsInference && c.Zone == target)
            .OrderBy(c => c.Silo.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        var preferredSlot = (int)((StableHash(versionKey) + (uint)(index / zones.Count)) % (uint)inZone.Count);
        return inZone
            .Select((candidate, position) => (candidate, distance: (position - preferredSlot + inZone.Count) % inZone.Count))
            .OrderBy(c => busySilos?.Contains(c.candidate.Silo) == true ? 1 : 0)
            .ThenBy(c => siblingSilos.Contains(c.candidate.Silo) ? 1 : 0)
            .ThenBy(c => c.candidate.Load)
            .ThenBy(c => c.distance)
            .First().candidate.Silo;
    }

    // string.GetHashCode differs between processes; placement must agree across silos.
    private static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
