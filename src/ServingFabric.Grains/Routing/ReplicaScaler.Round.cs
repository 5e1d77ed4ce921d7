using ServingFabric.Grains.Scaling;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// The autoscaler's round, after the supervisor's probes: per version, gather the signals of the metric window,
/// let the policy decide, then add, warm, drain and unload replicas (ReplicaScaler.Actions.cs).
/// </summary>
internal sealed partial class ReplicaScaler
{
    // Versions whose window was restarted in this activation: a new activation lost track of time.
    private readonly HashSet<string> _windowsRestarted = new(StringComparer.Ordinal);
    private bool _resourcesUnavailable;

    /// <summary>One round over <paramref name="versions"/>; true when the state changed and must be written.</summary>
    public async Task<bool> EvaluateAsync(ModelDeploymentSpec spec, IReadOnlyList<string> versions, ClusterView cluster, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dirty = ForgetInactiveVersions(versions);
        var targets = TargetsOf(spec);
        var usage = await ReadSiloResourcesAsync(spec.Name, cluster, targets, cancellationToken);
        foreach (var version in versions)
        {
            if (!router.State.Scaling.Versions.ContainsKey(version))
            {
                dirty = true;
            }

            var scaling = ScalingStateOf(spec, version);
            if (_windowsRestarted.Add(version))
            {
                _autoscaler.Restart(scaling.Window, scaling.Desired);
            }

            var signals = SignalsOf(version);
            RecordReplicaSignals(spec, version, scaling, signals, now);
            signals.Prune(now, options.MetricWindow);
            var observation = Observe(spec, version, scaling, signals, cluster, usage, targets);
            var decision = _autoscaler.Evaluate(scaling.Window, observation, targets);
            dirty |= await ApplyDecisionAsync(spec, version, scaling, decision);
            dirty |= await ProgressDrainAsync(spec, version, scaling);
            dirty |= UpdateServing(spec, version, scaling);
        }

        return dirty;
    }

    private bool ForgetInactiveVersions(IReadOnlyList<string> active)
    {
        var gone = router.State.Scaling.Versions.Keys.Where(v => !active.Contains(v)).ToList();
        foreach (var version in gone)
        {
            router.State.Scaling.Versions.Remove(version);
            _signals.Remove(version);
            _windowsRestarted.Remove(version);
        }

        return gone.Count > 0;
    }

    /// <summary>What the probes of this round saw: requests in flight on the ready replicas, and rows queued per silo (replicas on one silo share its batcher).</summary>
    private void RecordReplicaSignals(ModelDeploymentSpec spec, string version, VersionScalingState scaling, ScalingSignals signals, DateTimeOffset now)
    {
        var roster = new ReplicaRoster(router.State, spec);
        var ready = Enumerable.Range(0, Math.Max(scaling.Active, spec.ReplicasPerVersion))
            .Select(index => roster.ObservationOf(version, index))
            .OfType<ReplicaObservation>()
            .Where(o => o.State == ReplicaState.Ready)
            .ToList();
        var queued = ready.Where(o => o.Silo is not null).GroupBy(o => o.Silo, StringComparer.Ordinal).Sum(g => g.Max(o => o.QueueDepth));
        signals.AddReplicas(now, ready.Sum(o => o.InFlight), queued);
    }

    private ScalingObservation Observe(ModelDeploymentSpec spec, string version, VersionScalingState scaling, ScalingSignals signals, ClusterView cluster,
        IReadOnlyDictionary<string, SiloResourceUsage> usage, ScalingTargets targets)
    {
        var roster = new ReplicaRoster(router.State, spec);
        var hosts = Enumerable.Range(0, scaling.Desired)
            .Select(index => roster.ObservationOf(version, index)?.Silo)
            .OfType<string>()
            .Where(cluster.IsAlive)
            .ToHashSet(StringComparer.Ordinal);
        var hostUsage = hosts.Select(silo => usage.GetValueOrDefault(silo)).OfType<SiloResourceUsage>().ToList();
        var headroom = cluster.Candidates.Count(c => c.IsInference && !hosts.Contains(c.Silo.ToString())
            && (!usage.TryGetValue(c.Silo.ToString(), out var u) || !u.IsAbove(targets.MaxCpuPercent, targets.MaxMemoryPercent)));
        return new ScalingObservation(
            scaling.Desired,
            scaling.Serving.Count(index => index < scaling.Desired),
            signals.InFlight(),
            signals.QueueDepth(),
            signals.P95LatencyMs(options.MinLatencySamples),
            hostUsage.Count > 0 ? hostUsage.Max(u => u.CpuPercent) : null,
            hostUsage.Count > 0 ? hostUsage.Max(u => u.MemoryPercent) : null,
            headroom,
            cluster.InferenceSilos,
            cluster.ZoneAware ? cluster.Zones.Count : 0,
            cluster.GpuNeed);
    }

    /// <summary>
    /// CPU and memory of the inference silos, by silo name; also handed to this silo's placement, which places the
    /// replicas this router activates, so that a new replica avoids a silo above the model's limits.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, SiloResourceUsage>> ReadSiloResourcesAsync(string model, ClusterView cluster, ScalingTargets targets,
        CancellationToken cancellationToken)
    {
        var silos = cluster.Candidates.Where(c => c.IsInference).Select(c => c.Silo).ToList();
        placementHints.SetResourceLimits(model, targets.MaxCpuPercent, targets.MaxMemoryPercent);
        if (silos.Count == 0)
        {
            return new Dictionary<string, SiloResourceUsage>();
        }

        try
        {
            var usage = await resources.ReadAsync(silos, cancellationToken).WaitAsync(supervisorOptions.ProbeTimeout, time, cancellationToken);
            _resourcesUnavailable = false;
            foreach (var (silo, reading) in usage)
            {
                placementHints.RecordSiloResources(silo, reading.CpuPercent, reading.MemoryPercent);
            }

            return usage.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (!_resourcesUnavailable)
            {
                _resourcesUnavailable = true;
                LogResourcesUnavailable(logger, ex, model);
            }

            return new Dictionary<string, SiloResourceUsage>();
        }
    }
}
