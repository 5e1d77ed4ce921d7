using Orleans.Runtime;

namespace ServingFabric.Grains.Placement;

/// <summary>Turns silos and their metadata into placement candidates: zone, inference role, load.</summary>
internal static class SiloTopology
{
    /// <summary>
    /// Describes <paramref name="silos"/>. A silo without a <c>roles</c> entry has both roles. When some silos carry
    /// metadata, a silo with none is passed over: its metadata is not known here yet (the cache fetches it a moment
    /// after the silo joins), and guessing could put a replica on a gateway-only silo.
    /// </summary>
    public static IReadOnlyList<PlacementCandidate> Describe(
        IEnumerable<SiloAddress> silos,
        Func<SiloAddress, IReadOnlyDictionary<string, string>> metadataOf,
        Func<SiloAddress, int> loadOf)
    {
        var described = silos
            .Select(silo => (Silo: silo, Metadata: metadataOf(silo)))
            .OrderBy(s => s.Silo.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        var metadataInUse = described.Exists(s => s.Metadata.Count > 0);
        return described
            .Select(s => new PlacementCandidate(
                s.Silo,
                s.Metadata.TryGetValue(SiloMetadataKeys.Zone, out var zone) ? zone.Trim() : "",
                (s.Metadata.Count > 0 || !metadataInUse) && HasInferenceRole(s.Metadata),
                loadOf(s.Silo)))
            .ToList();
    }

    /// <summary>True without a <c>roles</c> entry, else when the comma-separated list names <c>inference</c>.</summary>
    public static bool HasInferenceRole(IReadOnlyDictionary<string, string> metadata) =>
        !metadata.TryGetValue(SiloMetadataKeys.Roles, out var roles)
        || roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Contains(SiloMetadataKeys.InferenceRole, StringComparer.OrdinalIgnoreCase);
}
