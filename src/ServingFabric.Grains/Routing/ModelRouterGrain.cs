using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Releases;
using ServingFabric.Grains.Scaling;
using ServingFabric.Grains.Supervision;
using ServingFabric.Grains.Telemetry;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Owns a model's deployment: spec, loaded or not, and the state its collaborators keep. Fronts read the routing
/// table from it; requests never pass through it. It holds identity, state and the supervisor's timer
/// (ModelRouterGrain.Supervision.cs), and hands the work to plain classes: the <see cref="ReplicaSupervisor"/>,
/// the <see cref="ReplicaScaler"/>, and the <see cref="ReleaseDriver"/> over the versions registry and releases.
/// </summary>
internal sealed partial class ModelRouterGrain : Grain, IModelRouterGrain, IRouterContext
{
    private readonly IPersistentState<ModelRouterState> _state;
    private readonly ReplicaSupervisorOptions _options;
    private readonly ModelEventRecorder _events;
    private readonly ILogger<ModelRouterGrain> _logger;
    private readonly IReplicaCalls _replicas;
    private readonly ClusterViewReader _clusterViews;
    private readonly ReplicaSupervisor _supervisor;
    private readonly ReplicaScaler _scaler;
    private readonly ReleaseDriver _releases;
    private readonly RouterViews _views;
    private readonly DeepCopier<ModelRouterState> _copier;
    private readonly FleetMetrics _fleet;
    private readonly TimeProvider _time;
    private RoutingTable? _table;

    public ModelRouterGrain(
        [PersistentState("router", ServingFabricStorage.Name)] IPersistentState<ModelRouterState> state,
        IOptions<ReplicaSupervisorOptions> supervisorOptions,
        IOptions<ReplicaScalingOptions> scalingOptions,
        IOptions<ReleaseOptions> releaseOptions,
        IGrainFactory grains,
        ClusterViewReader clusterViews,
        ReplicaPlacementHints placementHints,
        ISiloResourceReader resources,
        DeepCopier<ModelRouterState> copier,
        TimeProvider time,
        ILoggerFactory loggers,
        FleetMetrics fleet)
    {
        (_fleet, _time) = (fleet, time);
        (_state, _options, _clusterViews, _copier) = (state, supervisorOptions.Value, clusterViews, copier);
        _logger = loggers.CreateLogger<ModelRouterGrain>();
        _events = new ModelEventRecorder(_options, time, loggers.CreateLogger<ModelEventRecorder>(), fleet);
        _replicas = new ReplicaGrainCalls(grains, _options, time);
        _supervisor = new ReplicaSupervisor(this, _replicas, placementHints, time, loggers.CreateLogger<ReplicaSupervisor>());
        _scaler = new ReplicaScaler(this, _replicas, resources, placementHints, scalingOptions.Value, _options, time, loggers.CreateLogger<ReplicaScaler>());
        var retired = new RetiredReplicas(_replicas, scalingOptions.Value.DrainDelay, time, loggers.CreateLogger<RetiredReplicas>());
        _releases = new ReleaseDriver(this, retired, releaseOptions.Value, time, loggers.CreateLogger<ReleaseDriver>());
        _views = new RouterViews(this, _releases, _scaler, time);
    }

    public string Model => this.GetPrimaryKeyString();

    public ModelRouterState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A router re-activated after its silo died picks up supervising where the old activation left off.
        if (State.Loaded && State.Spec is not null)
        {
            StartSupervisor();
        }

        return Task.CompletedTask;
    }

    public async Task Deploy(ModelDeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Name != Model)
        {
            throw new ArgumentException($"Spec for model '{spec.Name}' sent to the router of '{Model}'.", nameof(spec));
        }

        var versions = _releases.Versions(spec);
        if (State.Loaded && State.Spec is { } current && DeploymentSpecs.AreEquivalent(current, spec))
        {
            if (versions.SyncWithRepository())
            {
                await _state.WriteStateAsync();
            }

            StartSupervisor();
            return;
        }

        // The repository's scan merges with the registry: retired versions stay retired, versions registered through
        // the API stay active, and a default set by an operator or a promotion stays the default.
        var before = State.Spec is { } previous ? new ReplicaRoster(State, previous).ActiveKeys(_releases.Versions(previous).Active).ToList() : [];
        State.Spec = spec;
        versions.SyncWithRepository();
        var removed = before.Except(new ReplicaRoster(State, spec).ActiveKeys(versions.Active)).ToList();
        State.Loaded = true;
        State.Revision++;
        removed.ForEach(key => State.Replicas.Remove(key));

        AppendEvent(new EventDraft(ModelEventKind.Deployed, null, null, null, DeploymentSpecs.DescribeDeployed(spec, versions.Active, versions.Default, State.Revision)));
        await _state.WriteStateAsync();
        _table = null;
        LogDeployed(_logger, Model, string.Join(", ", versions.Active), versions.Default, State.Revision);
        StartSupervisor();
        await UnloadAsync(removed);
    }

    public async Task Unload()
    {
        if (State.Spec is not { } spec || !State.Loaded)
        {
            return;
        }

        StopSupervisor();
        var keys = new ReplicaRoster(State, spec).ActiveKeys(_releases.Versions(spec).Active).ToList();
        State.Loaded = false;
        State.Revision++;
        State.Replicas.Clear();
        State.DegradedVersions.Clear();
        _fleet.Forget(spec.Name);
        AppendEvent(new EventDraft(ModelEventKind.Unloaded, null, null, null,
            $"model {spec.Name} unloaded at revision {State.Revision}; load it again with POST /v2/repository/models/{spec.Name}/load"));
        await _state.WriteStateAsync();
        _table = null;
        LogUnloaded(_logger, spec.Name, State.Revision);
        await UnloadAsync(keys);
    }

    public Task<ModelDeploymentSpec?> GetSpec() => Task.FromResult(State.Spec);

    public Task<RoutingTable?> GetRoutingTable() =>
        Task.FromResult(State.Spec is { } spec ? _table ??= _views.TableOf(spec) : null);

    public Task<ModelStatus?> GetStatus() => Task.FromResult(State.Spec is { } spec ? _views.StatusOf(spec) : null);

    public Task<IReadOnlyList<ModelEvent>> GetEvents(long afterSequence) => Task.FromResult(ModelEventLog.After(State, afterSequence));

    public async Task ReportReplicaHealth(string replicaKey, ReplicaHealthReport report)
    {
        if (_supervisor.RecordHealthReport(replicaKey, report))
        {
            await _state.WriteStateAsync();
        }
    }

    public Task ReportOutcomes(OutcomeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _releases.Ingest(report);
        _scaler.Ingest(report, State.Spec is { } spec ? _releases.Versions(spec).Active : []);
        RecordAvailability(report);
        return Task.CompletedTask;
    }

    public void AppendEvent(EventDraft draft) => _events.Record(State, Model, draft);

    public void InvalidateTable()
    {
        State.Revision++;
        _table = null;
    }

    private async Task UnloadAsync(IEnumerable<string> keys) => await Task.WhenAll(keys.Select(_replicas.UnloadAsync));
}
