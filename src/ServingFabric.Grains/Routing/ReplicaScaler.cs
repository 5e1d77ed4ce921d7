using Microsoft.Extensions.Logging;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Scaling;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Replica autoscaling on the router's state: gathers each version's load signals from fronts' flushes and the
/// supervisor's probes, lets the policy decide once per round (ReplicaScaler.Round.cs), adds, warms and drains
/// replicas (ReplicaScaler.Actions.cs), and applies operators' settings (ReplicaScaler.Settings.cs).
/// </summary>
internal sealed partial class ReplicaScaler(
    IRouterContext router,
    IReplicaCalls replicas,
    ISiloResourceReader resources,
    ReplicaPlacementHints placementHints,
    ReplicaScalingOptions options,
    ReplicaSupervisorOptions supervisorOptions,
    TimeProvider time,
    ILogger<ReplicaScaler> logger)
{
    private readonly Dictionary<string, ScalingSignals> _signals = new(StringComparer.Ordinal);
    private readonly ReplicaAutoscaler _autoscaler = new(options.Policy, time);

    /// <summary>The admission limits fronts apply per version per silo; null when the model sets none.</summary>
    public AdmissionLimits? AdmissionOf()
    {
        var overrides = router.State.Scaling.Overrides;
        if (overrides.MaxConcurrency is null && overrides.MaxQueueLength is null && overrides.QueueTimeout is null)
        {
            return null;
        }

        // A concurrency limit without a queue length gets a bounded queue (4 × the concurrency, at least 16): an
        // unbounded one would let overload wait for the queue timeout instead of being refused at once.
        var queue = overrides.MaxQueueLength ?? (overrides.MaxConcurrency is { } concurrency ? Math.Max(16, 4 * concurrency) : int.MaxValue);
        return new AdmissionLimits(overrides.MaxConcurrency ?? int.MaxValue, queue, overrides.QueueTimeout ?? options.DefaultQueueTimeout);
    }

    /// <summary>The operator's view: settings in effect, desired and serving replicas of <paramref name="versions"/>, recent decisions.</summary>
    public ScalingView ViewOf(ModelDeploymentSpec spec, IReadOnlyList<string> versions)
    {
        var scaling = router.State.Scaling;
        var roster = new ReplicaRoster(router.State, spec);
        return new ScalingView(
            TargetsOf(spec).ToSettings(scaling.Overrides),
            versions.ToDictionary(v => v, roster.DesiredCount, StringComparer.Ordinal),
            versions.ToDictionary(v => v, v => roster.ServingKeys(v).Length, StringComparer.Ordinal),
            [.. scaling.RecentDecisions]);
    }

    /// <summary>A front's flush: requests in flight and the latency histogram of each of <paramref name="versions"/>.</summary>
    public void Ingest(OutcomeReport report, IReadOnlyList<string> versions)
    {
        var now = time.GetUtcNow();
        foreach (var version in versions)
        {
            var outcomes = report.Versions.FirstOrDefault(v => v.Version == version);
            var inFlight = report.InFlight?.GetValueOrDefault(version) ?? 0;
            if (outcomes is not null || report.InFlight?.ContainsKey(version) == true)
            {
                SignalsOf(version).AddFront(now, report.Reporter, inFlight, outcomes?.LatencyHistogram);
            }
        }
    }

    private ScalingTargets TargetsOf(ModelDeploymentSpec spec) =>
        ScalingTargets.Resolve(router.State.Scaling.Overrides, spec.ReplicasPerVersion, spec.Config.Replicas, spec.Config.MaxBatchSize, options.Policy);

    private ScalingSignals SignalsOf(string version)
    {
        if (!_signals.TryGetValue(version, out var signals))
        {
            signals = new ScalingSignals();
            _signals[version] = signals;
        }

        return signals;
    }

    private VersionScalingState ScalingStateOf(ModelDeploymentSpec spec, string version)
    {
        var versions = router.State.Scaling.Versions;
        if (!versions.TryGetValue(version, out var scaling))
        {
            scaling = new VersionScalingState
            {
                Desired = spec.ReplicasPerVersion,
                Active = spec.ReplicasPerVersion,
                Serving = [.. Enumerable.Range(0, spec.ReplicasPerVersion)],
            };
            versions[version] = scaling;
        }

        return scaling;
    }

    private void RecordDecision(ScalingDecisionView decision)
    {
        var decisions = router.State.Scaling.RecentDecisions;
        decisions.Add(decision);
        if (decisions.Count > options.RecentDecisions)
        {
            decisions.RemoveRange(0, decisions.Count - options.RecentDecisions);
        }
    }
}
