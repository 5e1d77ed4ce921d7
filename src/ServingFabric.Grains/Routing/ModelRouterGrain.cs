using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Owns a model's deployment: spec, versions, default version, loaded or not. Fronts read the routing table from
/// it; requests never pass through it. While the model is loaded its supervisor (ModelRouterGrain.Supervisor.cs)
/// keeps every replica active, warm and spread over the zones, and records what happens in the event log.
/// </summary>
internal sealed partial class ModelRouterGrain(
    [PersistentState("router", ServingFabricStorage.Name)] IPersistentState<ModelRouterState> state,
    IOptions<ReplicaSupervisorOptions> supervisorOptions,
    IClusterMembershipService membership,
    ReplicaPlacementHints placementHints,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ModelRouterGrain> logger) : Grain, IModelRouterGrain
{
    private const int RecentEventCount = 20;
    private readonly ReplicaSupervisorOptions _options = supervisorOptions.Value;
    private RoutingTable? _table;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A router re-activated after its silo died picks up supervising where the old activation left off.
        if (state.State.Loaded && state.State.Spec is not null)
        {
            StartSupervisor();
        }

        return Task.CompletedTask;
    }

    public async Task Deploy(ModelDeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = this.GetPrimaryKeyString();
        if (spec.Name != name)
        {
            throw new ArgumentException($"Spec for model '{spec.Name}' sent to the router of '{name}'.", nameof(spec));
        }

        if (state.State.Loaded && state.State.Spec is { } current && DeploymentSpecs.AreEquivalent(current, spec))
        {
            if (Registry(spec).SyncWithRepository())
            {
                await state.WriteStateAsync();
            }

            StartSupervisor();
            return;
        }

        // The repository's scan merges with the registry: retired versions stay retired, versions registered through
        // the API stay active, and a default set by an operator or a promotion stays the default.
        var before = state.State.Spec is { } previous ? ReplicaKeys(previous).ToList() : [];
        state.State.Spec = spec;
        Registry(spec).SyncWithRepository();
        var removed = before.Except(ReplicaKeys(spec)).ToList();
        state.State.Loaded = true;
        state.State.Revision++;
        foreach (var key in removed)
        {
            state.State.Replicas.Remove(key);
        }

        var versions = string.Join(", ", ActiveVersions(spec));
        var defaultVersion = DefaultVersionOf(spec);
        var kept = defaultVersion != spec.DefaultVersion ? $" (kept over config.json's {spec.DefaultVersion})" : "";
        var retired = spec.Versions.Except(ActiveVersions(spec)).ToList();
        var stillRetired = retired.Count > 0 ? $"; retired, left out: [{string.Join(", ", retired)}]" : "";
        AppendEvent(new EventDraft(ModelEventKind.Deployed, null, null, null,
            $"model {name} deployed at revision {state.State.Revision}: versions [{versions}], default {defaultVersion}{kept}, {spec.ReplicasPerVersion} replica(s) per version{stillRetired}"));
        await state.WriteStateAsync();
        _table = null;
        LogDeployed(logger, name, versions, defaultVersion, state.State.Revision);
        StartSupervisor();
        await UnloadReplicasAsync(removed);
    }

    public async Task Unload()
    {
        if (state.State.Spec is not { } spec || !state.State.Loaded)
        {
            return;
        }

        StopSupervisor();
        state.State.Loaded = false;
        state.State.Revision++;
        state.State.Replicas.Clear();
        state.State.DegradedVersions.Clear();
        AppendEvent(new EventDraft(ModelEventKind.Unloaded, null, null, null,
            $"model {spec.Name} unloaded at revision {state.State.Revision}; load it again with POST /v2/repository/models/{spec.Name}/load"));
        await state.WriteStateAsync();
        _table = null;
        LogUnloaded(logger, spec.Name, state.State.Revision);
        await UnloadReplicasAsync(ReplicaKeys(spec));
    }

    public Task<ModelDeploymentSpec?> GetSpec() => Task.FromResult(state.State.Spec);

    public Task<RoutingTable?> GetRoutingTable()
    {
        if (state.State.Spec is not { } spec)
        {
            return Task.FromResult<RoutingTable?>(null);
        }

        _table ??= BuildTable(spec, state.State.Loaded, state.State.Revision);
        return Task.FromResult<RoutingTable?>(_table);
    }

    public Task<ModelStatus?> GetStatus()
    {
        if (state.State.Spec is not { } spec)
        {
            return Task.FromResult<ModelStatus?>(null);
        }

        var versions = ActiveVersions(spec).Select(version => new VersionStatus(version, Enumerable.Range(0, ReplicaCountOf(spec, version))
            .Select(index => ReplicaKey.Format(spec.Name, version, index))
            .Select(key => state.State.Replicas.TryGetValue(key, out var seen) && state.State.Loaded
                ? seen
                : new ReplicaObservation(key, null, null, null, null, ReplicaHealth.Unknown, null, 0, 0, default))
            .ToList())).ToList();
        var events = state.State.Events;
        var recent = events.GetRange(Math.Max(0, events.Count - RecentEventCount), Math.Min(RecentEventCount, events.Count));
        var bounds = spec.Config.Replicas ?? new ReplicaBounds(spec.ReplicasPerVersion, spec.ReplicasPerVersion);
        return Task.FromResult<ModelStatus?>(new ModelStatus(
            spec.Name, state.State.Loaded, state.State.Revision, DefaultVersionOf(spec), bounds, spec.ReplicasPerVersion, versions, recent,
            VersionRegistry(spec), CurrentTrafficPolicy(), CurrentExperimentView(), CurrentScalingView(spec)));
    }

    public Task<IReadOnlyList<ModelEvent>> GetEvents(long afterSequence) =>
        Task.FromResult(ModelEventLog.After(state.State, afterSequence));

    public async Task ReportReplicaHealth(string replicaKey, ReplicaHealthReport report)
    {
        ArgumentNullException.ThrowIfNull(replicaKey);
        ArgumentNullException.ThrowIfNull(report);
        var name = this.GetPrimaryKeyString();
        if (!ReplicaPlacementHints.TryParse(replicaKey, out var parsed) || parsed.Model != name)
        {
            throw new ArgumentException($"Replica key '{replicaKey}' is not a replica of model '{name}' ('{name}/<version>/<index>').", nameof(replicaKey));
        }

        var previous = state.State.Replicas.GetValueOrDefault(replicaKey)
            ?? new ReplicaObservation(replicaKey, null, null, null, null, ReplicaHealth.Unknown, null, 0, 0, time.GetUtcNow());
        var reason = report.Reason ?? "no reason given";
        var by = report.Reporter is { } reporter ? $" (reported by {reporter})" : "";
        var (health, draft) = report.Verdict switch
        {
            ReplicaHealthVerdict.Ejected when previous.Health != ReplicaHealth.Ejected => (ReplicaHealth.Ejected, new EventDraft(
                ModelEventKind.ReplicaEjected, replicaKey, previous.Silo, previous.Zone, $"replica {replicaKey} ejected from rotation: {reason}{by}")),
            ReplicaHealthVerdict.Failed when previous.Health != ReplicaHealth.Unhealthy => (ReplicaHealth.Unhealthy, new EventDraft(
                ModelEventKind.ReplicaUnhealthy, replicaKey, previous.Silo, previous.Zone, $"replica {replicaKey} failed calls: {reason}{by}")),
            ReplicaHealthVerdict.Healthy when previous.Health is ReplicaHealth.Ejected or ReplicaHealth.Unhealthy => (
                previous.State is { } s ? ReplicaAssessment.HealthOf(s) : ReplicaHealth.Unknown, new EventDraft(
                ModelEventKind.ReplicaRecovered, replicaKey, previous.Silo, previous.Zone, $"replica {replicaKey} is back in rotation{by}")),
            _ => (previous.Health, (EventDraft?)null),
        };

        if (draft is null)
        {
            return;
        }

        state.State.Replicas[replicaKey] = previous with { Health = health, Error = report.Verdict == ReplicaHealthVerdict.Healthy ? null : reason };
        AppendEvent(draft);
        await state.WriteStateAsync();
    }

    public Task ReportOutcomes(OutcomeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        IngestReleaseOutcomes(report);
        IngestScalingOutcomes(report);
        return Task.CompletedTask;
    }

    /// <summary>Every replica key of every active version (at its current replica count).</summary>
    private IEnumerable<string> ReplicaKeys(ModelDeploymentSpec spec) =>
        ActiveVersions(spec).SelectMany(version => Enumerable.Range(0, ReplicaCountOf(spec, version)).Select(index => ReplicaKey.Format(spec.Name, version, index)));

    /// <summary>Any change fronts must see: a new revision, and the cached table rebuilt on the next read.</summary>
    private void InvalidateTable()
    {
        state.State.Revision++;
        _table = null;
    }

    private async Task UnloadReplicasAsync(IEnumerable<string> keys) =>
        await Task.WhenAll(keys.Select(key => GrainFactory.GetGrain<IModelReplicaGrain>(key).Unload()));

    private void AppendEvent(EventDraft draft)
    {
        var entry = ModelEventLog.Append(state.State, draft, time.GetUtcNow(), _options.EventLogCapacity);
        if (entry.Kind is ModelEventKind.ReplicaLost or ModelEventKind.ReplicaUnhealthy or ModelEventKind.ReplicaEjected or ModelEventKind.SpreadDegraded)
        {
            LogWarningEvent(logger, this.GetPrimaryKeyString(), entry.Kind, entry.Message);
        }
        else
        {
            LogEvent(logger, this.GetPrimaryKeyString(), entry.Kind, entry.Message);
        }
    }

    private RoutingTable BuildTable(ModelDeploymentSpec spec, bool loaded, long revision)
    {
        var active = ActiveVersions(spec);
        var versions = new VersionRoute[active.Count];
        for (var v = 0; v < versions.Length; v++)
        {
            versions[v] = new VersionRoute(active[v], ServingKeys(spec, active[v]), DesiredReplicasOf(spec, active[v]));
        }

        return new RoutingTable(spec.Name, revision, loaded, DefaultVersionOf(spec), versions, spec.Config.MaxBatchSize, spec.Config.Deterministic,
            CurrentTrafficPolicy(), CurrentAdmission(spec));
    }
}
