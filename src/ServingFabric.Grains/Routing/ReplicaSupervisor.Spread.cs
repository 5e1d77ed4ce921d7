using Microsoft.Extensions.Logging;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>The zone spread: degraded and restored events, and moving one replica per round towards the spread's map.</summary>
internal sealed partial class ReplicaSupervisor
{
    private async Task<bool> KeepSpreadAsync(string model, string version, string[] keys, ReplicaObservation[] observations, ClusterView cluster, ClusterView before)
    {
        var state = router.State;
        var dirty = false;
        var plan = ZoneSpreadPlan.Evaluate(observations, cluster, before.Zones.ToHashSet(StringComparer.Ordinal));
        var versionKey = $"{model}/{version}";
        // Each degraded capacity (the zones, or silos, the replicas can spread over) is reported once; a change is news.
        var capacity = cluster.ZoneAware ? Math.Min(cluster.Zones.Count, cluster.InferenceSilos) : cluster.InferenceSilos;
        var shape = $"{version}@{capacity}";
        if (plan.Degraded && !state.DegradedVersions.Contains(shape))
        {
            state.DegradedVersions.RemoveWhere(entry => entry.StartsWith(version + "@", StringComparison.Ordinal));
            state.DegradedVersions.Add(shape);
            router.AppendEvent(new EventDraft(ModelEventKind.SpreadDegraded, null, null, null,
                $"{keys.Length} replicas of {versionKey} over {cluster.Zones.Count} zone(s) and {cluster.InferenceSilos} {cluster.InferenceSilosName} ({plan.Summary}): " +
                (cluster.GpuNeed is null
                    ? "some share a zone or silo; add inference silos in more zones to spread them"
                    : $"some share a zone or silo; add GPU nodes with {cluster.GpuNeed} in more zones to spread them")));
            dirty = true;
        }
        else if (!plan.Degraded && plan.Balanced && state.DegradedVersions.RemoveWhere(entry => entry.StartsWith(version + "@", StringComparison.Ordinal)) > 0)
        {
            router.AppendEvent(new EventDraft(ModelEventKind.SpreadRestored, null, null, null, $"replicas of {versionKey} are spread again ({plan.Summary})"));
            dirty = true;
        }

        if (plan.RelocateIndex is { } index)
        {
            var siblings = observations.Where((o, i) => i != index && o.Silo is not null && cluster.LiveSilos.ContainsKey(o.Silo))
                .Select(o => cluster.LiveSilos[o.Silo!].Silo.ToParsableString()).Distinct();
            await RelocateAsync(keys[index], observations[index], cluster.TargetZone(index) ?? "(any)", string.Join(';', siblings));
        }

        return dirty;
    }

    private async Task RelocateAsync(string key, ReplicaObservation observation, string targetZone, string siblingSilos)
    {
        LogRelocating(logger, key, observation.Zone, targetZone);
        _relocating[key] = observation.Silo!;
        try
        {
            await replicas.RelocateAsync(key, siblingSilos);
        }
        catch (Exception ex)
        {
            _relocating.Remove(key);
            LogRelocateFailed(logger, ex, key);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moving replica {ReplicaKey} from zone {Zone} to zone {TargetZone} to restore the zone spread")]
    private static partial void LogRelocating(ILogger logger, string replicaKey, string? zone, string targetZone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} did not accept a move to restore the zone spread; the supervisor retries at its next probe")]
    private static partial void LogRelocateFailed(ILogger logger, Exception exception, string replicaKey);
}
