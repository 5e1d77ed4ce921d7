using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>What fronts tell the supervisor between probes: a replica ejected, failing, or back in rotation.</summary>
internal sealed partial class ReplicaSupervisor
{
    /// <summary>Records a front's report; true when it changed the replica's health (an event was appended and the state must be written).</summary>
    /// <exception cref="ArgumentException">The key is not a replica key of this router's model.</exception>
    public bool RecordHealthReport(string replicaKey, ReplicaHealthReport report)
    {
        ArgumentNullException.ThrowIfNull(replicaKey);
        ArgumentNullException.ThrowIfNull(report);
        var name = router.Model;
        if (!ReplicaPlacementHints.TryParse(replicaKey, out var parsed) || parsed.Model != name)
        {
            throw new ArgumentException($"Replica key '{replicaKey}' is not a replica of model '{name}' ('{name}/<version>/<index>').", nameof(replicaKey));
        }

        var state = router.State;
        var previous = state.Replicas.GetValueOrDefault(replicaKey)
            ?? new ReplicaObservation(replicaKey, null, null, null, null, ReplicaHealth.Unknown, null, 0, 0, time.GetUtcNow());
        var reason = report.Reason ?? "no reason given";
        var by = report.Reporter is { } reporter ? $" (reported by {reporter})" : "";
        var (health, draft) = report.Verdict switch
        {
            ReplicaHealthVerdict.Ejected when previous.Health != ReplicaHealth.Ejected => (ReplicaHealth.Ejected, new EventDraft(
                ModelEventKind.ReplicaEjected, replicaKey, previous.Silo, previous.Zone, $"replica {replicaKey} ejected from rotation: {reason}{by}")),
            ReplicaHealthVerdict.Failed when previous.Health != ReplicaHealth.Unhealthy => (ReplicaHealth.Unhealthy, new EventDraft(
                ModelEventKind.ReplicaUnhealthy, replicaKey, previous.Silo, previous.Zone, $"replica {replicaKey} failed calls: {reason}{by}")),
            // Every GPU failure is an event of its own, even for a replica already unhealthy: each one is a device lost.
            ReplicaHealthVerdict.GpuFailed => (ReplicaHealth.Unhealthy, new EventDraft(
                ModelEventKind.GpuFailed, replicaKey, previous.Silo, previous.Zone, $"replica {replicaKey} lost its GPU: {reason}{by}; it is activated again on a healthy GPU")),
            ReplicaHealthVerdict.Healthy when previous.Health is ReplicaHealth.Ejected or ReplicaHealth.Unhealthy => (
                previous.State is { } s ? ReplicaAssessment.HealthOf(s) : ReplicaHealth.Unknown, new EventDraft(
                ModelEventKind.ReplicaRecovered, replicaKey, previous.Silo, previous.Zone, $"replica {replicaKey} is back in rotation{by}")),
            _ => (previous.Health, (EventDraft?)null),
        };

        if (draft is null)
        {
            return false;
        }

        state.Replicas[replicaKey] = previous with { Health = health, Error = report.Verdict == ReplicaHealthVerdict.Healthy ? null : reason };
        router.AppendEvent(draft);
        return true;
    }
}
