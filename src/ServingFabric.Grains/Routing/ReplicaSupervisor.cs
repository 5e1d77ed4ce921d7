using Microsoft.Extensions.Logging;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// The replica supervisor's work in each round of the router's timer: it probes every replica key of the loaded
/// model. A probe re-activates a replica lost with its silo (placement puts it on a live inference silo) and the
/// activation loads and warms the model before traffic arrives. Each round records silo, zone, state and health,
/// appends events on changes and moves at most one replica per version back into the zone the spread wants it in
/// (ReplicaSupervisor.Spread.cs). Fronts' health reports land here too (ReplicaSupervisor.HealthReports.cs).
/// </summary>
internal sealed partial class ReplicaSupervisor(
    IRouterContext router,
    IReplicaCalls replicas,
    ReplicaPlacementHints placementHints,
    TimeProvider time,
    ILogger<ReplicaSupervisor> logger)
{
    // Replicas asked to move in the previous round, with the silo they left: their next answer is a relocation.
    private readonly Dictionary<string, string> _relocating = new(StringComparer.Ordinal);
    private ClusterView? _previousView;

    /// <summary>One round over <paramref name="versions"/>; true when the state changed enough to be written.</summary>
    public async Task<bool> SuperviseAsync(ModelDeploymentSpec spec, IReadOnlyList<string> versions, ClusterView cluster)
    {
        var roster = new ReplicaRoster(router.State, spec);
        var dirty = false;
        foreach (var version in versions)
        {
            dirty |= await SuperviseVersionAsync(spec.Name, version, roster.ActiveKeys(version), cluster);
        }

        _previousView = cluster;
        return dirty;
    }

    /// <summary>Forgets what this activation saw: the model was unloaded, so the next round starts afresh.</summary>
    public void Stop()
    {
        _relocating.Clear();
        _previousView = null;
    }

    private async Task<bool> SuperviseVersionAsync(string model, string version, string[] keys, ClusterView cluster)
    {
        var observations = new ReplicaObservation[keys.Length];
        var dirty = false;

        // Each answer is recorded as it arrives, not when the slowest probe of the round has timed out: the operator
        // view (which interleaves with this round) shows a replica that stopped answering as unreachable at once.
        // The lock matters only off the grain scheduler (tests); on it the continuations never run together.
        var gate = new Lock();
        await Task.WhenAll(keys.Select(async (key, i) =>
        {
            var probe = await replicas.ProbeAsync(key);
            lock (gate)
            {
                (observations[i], var changed) = Record(key, probe, cluster, cluster.TargetZone(i));
                dirty |= changed;
            }
        }));

        // Judge the spread only on a view that held for a whole round: a silo that just joined may not have its
        // metadata or grain types known yet, and a move towards it could come straight back.
        if (_previousView is not { } before || !SameTopology(before, cluster))
        {
            return dirty;
        }

        dirty |= await KeepSpreadAsync(model, version, keys, observations, cluster, before);
        return dirty;
    }

    private (ReplicaObservation Observation, bool Changed) Record(string key, ReplicaProbe probe, ClusterView cluster, string? targetZone)
    {
        var state = router.State;
        var previous = state.Replicas.GetValueOrDefault(key);
        var relocating = _relocating.Remove(key);
        var (observation, events) = ReplicaAssessment.Assess(key, previous, probe, cluster, targetZone, relocating, time.GetUtcNow());
        state.Replicas[key] = observation;
        foreach (var draft in events)
        {
            router.AppendEvent(draft);
        }

        if (observation.Silo is { } silo && cluster.LiveSilos.TryGetValue(silo, out var host))
        {
            placementHints.Record(key, host.Silo);
        }

        return (observation, events.Count > 0 || HasChanged(previous, observation));
    }

    private static bool SameTopology(ClusterView a, ClusterView b) =>
        a.InferenceSilos == b.InferenceSilos && a.Zones.SequenceEqual(b.Zones, StringComparer.Ordinal);

    // Queue depth and in-flight counts change every round; only a change worth keeping is written to storage.
    private static bool HasChanged(ReplicaObservation? before, ReplicaObservation after) =>
        before is null
        || before.Silo != after.Silo
        || before.Zone != after.Zone
        || before.TargetZone != after.TargetZone
        || before.State != after.State
        || before.Health != after.Health
        || before.Error != after.Error;
}
