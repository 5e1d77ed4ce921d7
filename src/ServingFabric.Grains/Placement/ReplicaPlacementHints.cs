using System.Collections.Concurrent;
using Orleans.Runtime;
using ServingFabric.Models;

namespace ServingFabric.Grains.Placement;

/// <summary>
/// Where this silo believes replicas are: what its placement director chose and what the router's supervisor saw
/// when it probed. Orleans keeps silo load statistics internal, so this is the load hint placement uses: local,
/// lock-free, never a grain call. It is only a hint; a replica placed by another silo is learnt at the next probe.
/// </summary>
internal sealed class ReplicaPlacementHints
{
    private readonly ConcurrentDictionary<string, SiloAddress> _placements = new(StringComparer.Ordinal);

    public void Record(string replicaKey, SiloAddress silo) => _placements[replicaKey] = silo;

    /// <summary>Replicas believed to be on <paramref name="silo"/>.</summary>
    public int LoadOf(SiloAddress silo) => _placements.Count(p => p.Value.Equals(silo));

    /// <summary>Silos believed to host the other replicas of <paramref name="model"/>/<paramref name="version"/>.</summary>
    public IReadOnlySet<SiloAddress> SiblingSilos(string model, string version, int exceptIndex)
    {
        var silos = new HashSet<SiloAddress>();
        foreach (var (key, silo) in _placements)
        {
            if (TryParse(key, out var parsed) && parsed.Model == model && parsed.Version == version && parsed.Index != exceptIndex)
            {
                silos.Add(silo);
            }
        }

        return silos;
    }

    public static bool TryParse(string key, out (string Model, string Version, int Index) parsed)
    {
        try
        {
            parsed = ReplicaKey.Parse(key);
            return true;
        }
        catch (FormatException)
        {
            parsed = default;
            return false;
        }
    }
}
