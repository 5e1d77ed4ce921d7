using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Grains.Scaling;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Replica autoscaling, the hooks the rest of the router calls: how many replica keys each version has, which of
/// them take traffic, the admission limits, and the operator's view. The decisions are in
/// ModelRouterGrain.Autoscaling.cs; adding, warming and draining replicas in ModelRouterGrain.ScalingActions.cs.
/// </summary>
internal sealed partial class ModelRouterGrain
{
    private readonly Dictionary<string, ScalingSignals> _scalingSignals = new(StringComparer.Ordinal);
    private ReplicaScalingOptions? _scalingOptions;
    private IReplicaAutoscaler? _autoscaler;

    private ReplicaScalingOptions ScalingOptions =>
        _scalingOptions ??= services.GetService<IOptions<ReplicaScalingOptions>>()?.Value ?? new ReplicaScalingOptions();

    private IReplicaAutoscaler Autoscaler => _autoscaler ??= new ReplicaAutoscaler(ScalingOptions.Policy, time);

    /// <summary>Replica keys the supervisor keeps active: the desired ones and those still draining; never below the deployed minimum.</summary>
    private int ReplicaCountOf(ModelDeploymentSpec spec, string version) =>
        state.State.Scaling.Versions.TryGetValue(version, out var scaling) ? Math.Max(scaling.Active, spec.ReplicasPerVersion) : spec.ReplicasPerVersion;

    /// <summary>Replicas the version should run now (<see cref="VersionRoute.DesiredReplicas"/>); draining ones are not counted.</summary>
    private int DesiredReplicasOf(ModelDeploymentSpec spec, string version) =>
        state.State.Scaling.Versions.TryGetValue(version, out var scaling) ? Math.Max(scaling.Desired, spec.ReplicasPerVersion) : spec.ReplicasPerVersion;

    /// <summary>
    /// Keys in the routing table: the deployed minimum always (so a cold start still routes, and the front's own
    /// readiness handles them), the others only once warm; draining ones never. The autoscaler's round keeps the
    /// serving set (and invalidates the table when it changes); a replica seen not ready since is left out at once.
    /// </summary>
    private string[] ServingKeys(ModelDeploymentSpec spec, string version)
    {
        var indices = Enumerable.Range(0, spec.ReplicasPerVersion);
        if (state.State.Scaling.Versions.TryGetValue(version, out var scaling))
        {
            indices = indices.Union(scaling.Serving.Where(index => index < scaling.Desired && IsReady(spec, version, index))).Order();
        }

        return indices.Select(index => ReplicaKey.Format(spec.Name, version, index)).ToArray();
    }

    private bool IsReady(ModelDeploymentSpec spec, string version, int index) =>
        state.State.Replicas.GetValueOrDefault(ReplicaKey.Format(spec.Name, version, index))?.State == ReplicaState.Ready;

    /// <summary>The admission limits fronts apply per version per silo; null when the model sets none.</summary>
    private AdmissionLimits? CurrentAdmission(ModelDeploymentSpec spec)
    {
        var overrides = state.State.Scaling.Overrides;
        if (overrides.MaxConcurrency is null && overrides.MaxQueueLength is null && overrides.QueueTimeout is null)
        {
            return null;
        }

        // A concurrency limit without a queue length gets a bounded queue (4 × the concurrency, at least 16): an
        // unbounded one would let overload wait for the queue timeout instead of being refused at once.
        var queue = overrides.MaxQueueLength ?? (overrides.MaxConcurrency is { } concurrency ? Math.Max(16, 4 * concurrency) : int.MaxValue);
        return new AdmissionLimits(overrides.MaxConcurrency ?? int.MaxValue, queue, overrides.QueueTimeout ?? ScalingOptions.DefaultQueueTimeout);
    }

    private ScalingView? CurrentScalingView(ModelDeploymentSpec spec)
    {
        var scaling = state.State.Scaling;
        var versions = ActiveVersions(spec);
        return new ScalingView(
            TargetsOf(spec).ToSettings(scaling.Overrides),
            versions.ToDictionary(v => v, v => DesiredReplicasOf(spec, v), StringComparer.Ordinal),
            versions.ToDictionary(v => v, v => ServingKeys(spec, v).Length, StringComparer.Ordinal),
            [.. scaling.RecentDecisions]);
    }

    /// <summary>A front's flush: requests in flight and the latency histogram of each active version.</summary>
    private void IngestScalingOutcomes(OutcomeReport report)
    {
        if (state.State.Spec is not { } spec)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var version in ActiveVersions(spec))
        {
            var outcomes = report.Versions.FirstOrDefault(v => v.Version == version);
            var inFlight = report.InFlight?.GetValueOrDefault(version) ?? 0;
            if (outcomes is not null || report.InFlight?.ContainsKey(version) == true)
            {
                SignalsOf(version).AddFront(now, report.Reporter, inFlight, outcomes?.LatencyHistogram);
            }
        }
    }

    public Task<ScalingView?> GetScaling() =>
        Task.FromResult(state.State.Spec is { } spec ? CurrentScalingView(spec) : null);

    private ScalingTargets TargetsOf(ModelDeploymentSpec spec) =>
        ScalingTargets.Resolve(state.State.Scaling.Overrides, spec.ReplicasPerVersion, spec.Config.Replicas, spec.Config.MaxBatchSize, ScalingOptions.Policy);

    private ScalingSignals SignalsOf(string version)
    {
        if (!_scalingSignals.TryGetValue(version, out var signals))
        {
            signals = new ScalingSignals();
            _scalingSignals[version] = signals;
        }

        return signals;
    }

    private VersionScalingState ScalingStateOf(ModelDeploymentSpec spec, string version)
    {
        var versions = state.State.Scaling.Versions;
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
}
