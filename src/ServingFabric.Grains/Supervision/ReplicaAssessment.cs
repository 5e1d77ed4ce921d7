using ServingFabric.Models;

namespace ServingFabric.Grains.Supervision;

/// <summary>
/// Compares a probe with what the supervisor saw before and says what changed: the new observation and the events
/// (lost, replaced, relocated, unhealthy, recovered). Pure, so each transition is tested on its own.
/// </summary>
internal static class ReplicaAssessment
{
    public static (ReplicaObservation Observation, IReadOnlyList<EventDraft> Events) Assess(
        string key, ReplicaObservation? previous, ReplicaProbe probe, ClusterView cluster, string? targetZone, bool relocating, DateTimeOffset now)
    {
        var events = new List<EventDraft>();
        if (probe.Status is not { } status)
        {
            // Keep the last known silo: it tells an operator where the replica was, and the next answer where it went.
            // Unreachable at once, not at membership's verdict seconds later: a frozen or just-killed silo must not
            // be shown ready meanwhile. Lost once membership has declared that silo dead.
            var lost = previous?.Silo is { } lastSilo && !cluster.IsAlive(lastSilo);
            var health = lost ? ReplicaHealth.Lost : ReplicaHealth.Unreachable;
            var lastGood = previous?.LastGoodProbe;
            if (previous?.Health != health)
            {
                var since = lastGood is { } t ? $"last good probe at {t:O}" : "never answered";
                events.Add(lost
                    ? new EventDraft(ModelEventKind.ReplicaLost, key, previous!.Silo, previous.Zone,
                        $"replica {key} was lost with silo {previous.Silo}; the supervisor re-activates it on another silo")
                    : new EventDraft(ModelEventKind.ReplicaUnhealthy, key, previous?.Silo, previous?.Zone,
                        $"replica {key} is unreachable: it did not answer its probe ({probe.Error}; {since}); check the silo's process, log and network"));
            }

            return (new ReplicaObservation(key, previous?.Silo, previous?.Zone, targetZone, null, health, probe.Error,
                0, 0, now, lastGood), events);
        }

        // A silo that just died has already left the metadata cache; its zone is the one seen while it lived.
        var zone = cluster.ZoneOf(status.Silo) ?? (previous?.Silo == status.Silo ? previous.Zone : null);
        var next = HealthOf(status.State);
        var moved = previous?.Silo is { } from && from != status.Silo;
        if (moved)
        {
            AddMoveEvents(events, key, previous!, status.Silo, zone, cluster, relocating);
        }
        else if (previous?.Health == ReplicaHealth.Ejected && next == ReplicaHealth.Healthy)
        {
            // A front's ejection stands until a front reports the replica healthy or the replica moves.
            next = ReplicaHealth.Ejected;
        }

        if (next == ReplicaHealth.Unhealthy && (moved || previous?.Health != ReplicaHealth.Unhealthy))
        {
            events.Add(new EventDraft(ModelEventKind.ReplicaUnhealthy, key, status.Silo, zone,
                $"replica {key} failed to load: {status.Error}; fix the artifact or config.json, then load the model again"));
        }
        else if (next == ReplicaHealth.Healthy && !moved && previous?.Health is ReplicaHealth.Unhealthy or ReplicaHealth.Unreachable)
        {
            events.Add(new EventDraft(ModelEventKind.ReplicaRecovered, key, status.Silo, zone, $"replica {key} is ready again"));
        }

        return (new ReplicaObservation(key, status.Silo, zone, targetZone, status.State, next, status.Error,
            status.QueueDepth, status.InFlight, now, now, status.Device), events);
    }

    public static ReplicaHealth HealthOf(ReplicaState state) => state switch
    {
        ReplicaState.Ready => ReplicaHealth.Healthy,
        ReplicaState.Loading => ReplicaHealth.Warming,
        _ => ReplicaHealth.Unhealthy,
    };

    private static void AddMoveEvents(List<EventDraft> events, string key, ReplicaObservation previous, string silo, string? zone, ClusterView cluster, bool relocating)
    {
        var from = $"{previous.Silo}{ZoneSuffix(previous.Zone)}";
        var to = $"{silo}{ZoneSuffix(zone)}";
        // The view is read once per round, before the probes: a silo declared dead meanwhile is still in it. A replica
        // that stopped answering and now answers from another silo was re-activated because its silo was declared dead
        // (the directory keeps an activation on a silo that lives), so it was lost, whatever this round's view says.
        var lostWithSilo = !cluster.IsAlive(previous.Silo) || previous.Health == ReplicaHealth.Unreachable;
        if (relocating && !lostWithSilo)
        {
            events.Add(new EventDraft(ModelEventKind.ReplicaRelocated, key, silo, zone,
                $"replica {key} moved from {from} to {to} to restore the spread over zones and silos"));
            return;
        }

        if (previous.Health != ReplicaHealth.Lost && lostWithSilo)
        {
            events.Add(new EventDraft(ModelEventKind.ReplicaLost, key, previous.Silo, previous.Zone,
                $"replica {key} was lost with silo {previous.Silo}; the supervisor re-activates it on another silo"));
        }

        events.Add(new EventDraft(ModelEventKind.ReplicaReplaced, key, silo, zone, $"replica {key} is active again on {to} (was on {from})"));
    }

    private static string ZoneSuffix(string? zone) => zone is null ? "" : $" (zone {zone})";
}
