using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// The replica supervisor: a timer that probes every replica key of the loaded model. A probe re-activates a replica
/// lost with its silo (placement puts it on a live inference silo) and the activation loads and warms the model
/// before traffic arrives. Each round records silo, zone, state and health, appends events on changes and moves at
/// most one replica per version back into the zone the spread wants it in.
/// </summary>
internal sealed partial class ModelRouterGrain
{
    private readonly Dictionary<string, string> _relocating = new(StringComparer.Ordinal);
    private IGrainTimer? _supervisor;
    private ClusterView? _previousView;

    private void StartSupervisor() =>
        _supervisor ??= this.RegisterGrainTimer(SuperviseAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = _options.ProbeInterval,
            // Not interleaved: a round and Deploy/Unload never see each other half done. Reads interleave anyway.
            Interleave = false,
            KeepAlive = true,
        });

    private void StopSupervisor()
    {
        _supervisor?.Dispose();
        _supervisor = null;
        _relocating.Clear();
        _previousView = null;
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Loaded || state.State.Spec is not { } spec)
        {
            return;
        }

        try
        {
            var cluster = ReadCluster();
            var dirty = false;
            foreach (var version in ActiveVersions(spec))
            {
                dirty |= await SuperviseVersionAsync(spec, version, cluster);
            }

            dirty |= await EvaluateReleaseAsync(cancellationToken);
            await UnloadDueRetiredAsync();
            dirty |= await EvaluateScalingAsync(spec, cluster, cancellationToken);

            _previousView = cluster;
            if (dirty)
            {
                await state.WriteStateAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSuperviseFailed(logger, ex, spec.Name, _options.ProbeInterval);
        }
    }

    private async Task<bool> SuperviseVersionAsync(ModelDeploymentSpec spec, string version, ClusterView cluster)
    {
        var keys = Enumerable.Range(0, ReplicaCountOf(spec, version)).Select(index => ReplicaKey.Format(spec.Name, version, index)).ToArray();
        var probes = await Task.WhenAll(keys.Select(ProbeAsync));
        var now = time.GetUtcNow();
        var dirty = false;
        var observations = new ReplicaObservation[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var previous = state.State.Replicas.GetValueOrDefault(keys[i]);
            var relocating = _relocating.Remove(keys[i]);
            var (observation, events) = ReplicaAssessment.Assess(keys[i], previous, probes[i], cluster, cluster.TargetZone(i), relocating, now);
            observations[i] = observation;
            state.State.Replicas[keys[i]] = observation;
            dirty |= events.Count > 0 || HasChanged(previous, observation);
            foreach (var draft in events)
            {
                AppendEvent(draft);
            }

            if (observation.Silo is { } silo && cluster.LiveSilos.TryGetValue(silo, out var host))
            {
                placementHints.Record(keys[i], host.Silo);
            }
        }

        // Judge the spread only on a view that held for a whole round: a silo that just joined may not have its
        // metadata or grain types known yet, and a move towards it could come straight back.
        if (_previousView is not { } before || !SameTopology(before, cluster))
        {
            return dirty;
        }

        var plan = ZoneSpreadPlan.Evaluate(observations, cluster, before.Zones.ToHashSet(StringComparer.Ordinal));
        var versionKey = $"{spec.Name}/{version}";
        // Each degraded capacity (the zones, or silos, the replicas can spread over) is reported once; a change is news.
        var capacity = cluster.ZoneAware ? Math.Min(cluster.Zones.Count, cluster.InferenceSilos) : cluster.InferenceSilos;
        var shape = $"{version}@{capacity}";
        if (plan.Degraded && !state.State.DegradedVersions.Contains(shape))
        {
            state.State.DegradedVersions.RemoveWhere(entry => entry.StartsWith(version + "@", StringComparison.Ordinal));
            state.State.DegradedVersions.Add(shape);
            AppendEvent(new EventDraft(ModelEventKind.SpreadDegraded, null, null, null,
                $"{keys.Length} replicas of {versionKey} over {cluster.Zones.Count} zone(s) and {cluster.InferenceSilos} inference silo(s) ({plan.Summary}): " +
                "some share a zone or silo; add inference silos in more zones to spread them"));
            dirty = true;
        }
        else if (!plan.Degraded && plan.Balanced && state.State.DegradedVersions.RemoveWhere(entry => entry.StartsWith(version + "@", StringComparison.Ordinal)) > 0)
        {
            AppendEvent(new EventDraft(ModelEventKind.SpreadRestored, null, null, null, $"replicas of {versionKey} are spread again ({plan.Summary})"));
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

    private async Task<ReplicaProbe> ProbeAsync(string key)
    {
        try
        {
            // GetStatus answers at once; a fresh activation starts loading its model in OnActivateAsync.
            var status = await GrainFactory.GetGrain<IModelReplicaGrain>(key).GetStatus().WaitAsync(_options.ProbeTimeout, time);
            return ReplicaProbe.Answered(status);
        }
        catch (Exception ex)
        {
            return ReplicaProbe.Failed(ex is TimeoutException ? $"no answer within {_options.ProbeTimeout.TotalSeconds:0.#} s" : ex.Message);
        }
    }

    private async Task RelocateAsync(string key, ReplicaObservation observation, string targetZone, string siblingSilos)
    {
        LogRelocating(logger, key, observation.Zone, targetZone);
        _relocating[key] = observation.Silo!;

        // The replica migrates on the silo it leaves; the request context tells that silo's placement where the
        // version's other replicas are, so the move lands on a silo that has none.
        RequestContext.Set(ZoneSpreadPlacementDirector.SiblingSilosKey, siblingSilos);
        try
        {
            await GrainFactory.GetGrain<IModelReplicaGrain>(key).Relocate().WaitAsync(_options.ProbeTimeout, time);
        }
        catch (Exception ex)
        {
            _relocating.Remove(key);
            LogRelocateFailed(logger, ex, key);
        }
        finally
        {
            RequestContext.Remove(ZoneSpreadPlacementDirector.SiblingSilosKey);
        }
    }

    private ClusterView ReadCluster()
    {
        var metadata = services.GetService<ISiloMetadataCache>();
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress);
        var candidates = SiloTopology.Describe(
            active,
            silo => metadata?.GetSiloMetadata(silo).Metadata ?? ImmutableDictionary<string, string>.Empty,
            placementHints.LoadOf);
        return new ClusterView(candidates.ToDictionary(c => c.Silo.ToString(), StringComparer.Ordinal), candidates);
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
