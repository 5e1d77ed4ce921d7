using ServingFabric.Models;

namespace ServingFabric.Grains.Supervision;

/// <summary>
/// How one version's replicas sit over the zones present: whether the spread is degraded (fewer zones or inference
/// silos than replicas), whether it is balanced, and which replica to move to restore it. Pure.
/// </summary>
internal sealed record ZoneSpreadPlan(bool Degraded, bool Balanced, int? RelocateIndex, string Summary)
{
    /// <param name="replicas">The version's observations, by index.</param>
    /// <param name="cluster">The cluster at this tick.</param>
    /// <param name="settledZones">Zones present at the previous tick too: a zone that just appeared may not be placeable yet.</param>
    public static ZoneSpreadPlan Evaluate(IReadOnlyList<ReplicaObservation> replicas, ClusterView cluster, IReadOnlySet<string> settledZones)
    {
        var n = replicas.Count;

        // A replica on a silo that may not host replicas (placed before that silo's roles were known) moves first.
        // Moves wait until every replica of the version is ready, so a move never takes the last one out of service.
        var allHealthy = replicas.All(r => r.Health == ReplicaHealth.Healthy);
        if (cluster.InferenceSilos > 0 && allHealthy)
        {
            for (var i = 0; i < n; i++)
            {
                if (replicas[i].Silo is { } silo && cluster.LiveSilos.TryGetValue(silo, out var host) && !host.IsInference)
                {
                    return new ZoneSpreadPlan((cluster.ZoneAware && cluster.Zones.Count < n) || cluster.InferenceSilos < n, false, i,
                        $"replica {replicas[i].ReplicaKey} is on {silo}, which is not an inference silo");
                }
            }
        }

        var counts = cluster.Zones.ToDictionary(z => z, _ => 0, StringComparer.Ordinal);
        foreach (var replica in replicas)
        {
            if (replica.Silo is { } silo && cluster.LiveSilos.TryGetValue(silo, out var host) && host.IsInference
                && counts.TryGetValue(host.Zone, out var count))
            {
                counts[host.Zone] = count + 1;
            }
        }

        var summary = string.Join(", ", counts.Select(c => $"{(c.Key.Length == 0 ? "(no zone)" : c.Key)}: {c.Value}"));
        var degraded = (cluster.ZoneAware && cluster.Zones.Count < n) || cluster.InferenceSilos < n;
        if (!cluster.ZoneAware)
        {
            return new ZoneSpreadPlan(degraded, true, allHealthy ? FindSharedSilo(replicas, cluster) : null, summary);
        }

        var placed = counts.Values.Sum() == n;
        var balanced = placed && counts.Values.Max() - counts.Values.Min() <= 1;
        int? relocate = null;
        if (!balanced && placed && allHealthy)
        {
            // Only replicas away from their zone on the map move, and each move puts one on the map for good, so the
            // moves end. A move that evens the counts goes first; one that keeps them as even as they are comes next
            // (it may be the step towards the map that the next move needs). A balanced spread never moves, so a
            // lost zone's replicas are not shuffled twice.
            relocate = FindMove(replicas, cluster, settledZones, counts, strict: true) ?? FindMove(replicas, cluster, settledZones, counts, strict: false);
        }
        else if (balanced && allHealthy)
        {
            relocate = FindSharedSilo(replicas, cluster);
        }

        return new ZoneSpreadPlan(degraded, balanced, relocate, summary);
    }

    private static int? FindMove(IReadOnlyList<ReplicaObservation> replicas, ClusterView cluster, IReadOnlySet<string> settledZones, Dictionary<string, int> counts, bool strict)
    {
        for (var i = 0; i < replicas.Count; i++)
        {
            var target = cluster.TargetZone(i)!;
            if (replicas[i].Silo is { } silo && cluster.LiveSilos.TryGetValue(silo, out var host) && host.Zone != target
                && settledZones.Contains(target) && counts[host.Zone] > counts[target] + (strict ? 1 : 0))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// A replica that shares its silo with a lower-numbered one while its zone has an inference silo hosting none of
    /// the version (silos that joined late: the first replicas may all have been placed before they were seen).
    /// </summary>
    private static int? FindSharedSilo(IReadOnlyList<ReplicaObservation> replicas, ClusterView cluster)
    {
        var used = replicas.Select(r => r.Silo).OfType<string>().ToHashSet(StringComparer.Ordinal);
        for (var i = 1; i < replicas.Count; i++)
        {
            var silo = replicas[i].Silo;
            if (silo is null || !cluster.LiveSilos.TryGetValue(silo, out var host) || !host.IsInference
                || !replicas.Take(i).Any(r => r.Silo == silo) || (cluster.ZoneAware && cluster.TargetZone(i) != host.Zone))
            {
                continue;
            }

            if (cluster.Candidates.Any(c => c.IsInference && c.Zone == host.Zone && !used.Contains(c.Silo.ToString())))
            {
                return i;
            }
        }

        return null;
    }
}
