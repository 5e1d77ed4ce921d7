using System.Collections.Concurrent;
using Orleans.Runtime;
using ServingFabric.Models;

namespace ServingFabric.Grains.Placement;

/// <summary>
/// Where this silo believes replicas are: what its placement director chose and what the router's supervisor saw
/// when it probed. Orleans keeps silo load statistics internal, so this is the load hint placement uses: local,
/// lock-free, never a grain call. It is only a hint; a replica placed by another silo is learnt at the next probe.
/// The routers on this silo also leave here the CPU and memory of each silo and every model's limits, so that a new
/// replica avoids a silo above its model's limits.
/// </summary>
internal sealed class ReplicaPlacementHints
{
    private readonly ConcurrentDictionary<string, SiloAddress> _placements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SiloAddress, (double Cpu, double Memory)> _resources = new();
    private readonly ConcurrentDictionary<string, (double MaxCpu, double MaxMemory)> _limits = new(StringComparer.Ordinal);

    public void Record(string replicaKey, SiloAddress silo) => _placements[replicaKey] = silo;

    /// <summary>Drops a replica that was unloaded for good (scaled down).</summary>
    public void Forget(string replicaKey) => _placements.TryRemove(replicaKey, out _);

    /// <summary>The latest CPU and memory use of <paramref name="silo"/>, in percent.</summary>
    public void RecordSiloResources(SiloAddress silo, double cpuPercent, double memoryPercent) => _resources[silo] = (cpuPercent, memoryPercent);

    /// <summary>The CPU and memory percentages above which <paramref name="model"/>'s replicas are not placed on a silo.</summary>
    public void SetResourceLimits(string model, double maxCpuPercent, double maxMemoryPercent) => _limits[model] = (maxCpuPercent, maxMemoryPercent);

    /// <summary>The latest CPU and memory use recorded for <paramref name="silo"/>; null when none.</summary>
    public (double Cpu, double Memory)? ResourcesOf(SiloAddress silo) => _resources.TryGetValue(silo, out var use) ? use : null;

    /// <summary>The limits recorded for <paramref name="model"/> by its router (on the router's silo only); null when none.</summary>
    public (double MaxCpu, double MaxMemory)? LimitsOf(string model) => _limits.TryGetValue(model, out var limit) ? limit : null;

    /// <summary>Whether <paramref name="silo"/> was last seen above <paramref name="model"/>'s CPU or memory limit; false when either is unknown.</summary>
    public bool IsAboveLimits(string model, SiloAddress silo) =>
        _limits.TryGetValue(model, out var limit) && _resources.TryGetValue(silo, out var use) && (use.Cpu > limit.MaxCpu || use.Memory > limit.MaxMemory);

    /// <summary>Replicas believed to be on <paramref name="silo"/>.</summary>
    public int LoadOf(SiloAddress silo) => _placements.Count(p => p.Value.Equals(silo));

    /// <summary>The model versions believed to have replicas (so sessions) on <paramref name="silo"/>.</summary>
    public IEnumerable<(string Model, string Version)> SessionsOn(SiloAddress silo)
    {
        foreach (var (key, placed) in _placements)
        {
            if (placed.Equals(silo) && TryParse(key, out var parsed))
            {
                yield return (parsed.Model, parsed.Version);
            }
        }
    }

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
