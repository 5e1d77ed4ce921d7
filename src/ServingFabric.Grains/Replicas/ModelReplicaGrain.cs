using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Grains.Placement;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Telemetry;

namespace ServingFabric.Grains.Replicas;

/// <summary>
/// A replica of one model version. Calls interleave (every method is [AlwaysInterleave]) so that concurrent
/// requests meet in the silo's shared batcher; the grain itself only holds a lease on the loaded model. Once loaded it
/// registers its request path (<see cref="LocalReplica"/>) with the silo's <see cref="LocalReplicas"/>, so fronts on
/// this silo call the model directly; fronts elsewhere (and Orleans clients) call <see cref="Infer"/>.
/// </summary>
[ZoneSpreadPlacement]
internal sealed partial class ModelReplicaGrain(
    ModelHost modelHost, LocalReplicas localReplicas, ILocalSiloDetails silo, IOptions<ModelReplicaOptions> options, ILogger<ModelReplicaGrain> logger)
    : Grain, IModelReplicaGrain
{
    private string _model = "";
    private string _version = "";
    private int _index;
    private Task? _loading;
    private ModelLease? _lease;
    private string? _loadError;
    private LocalReplica? _local;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_model, _version, _index) = ReplicaKey.Parse(this.GetPrimaryKeyString());

        // Loading starts with the activation so a probe warms the replica before traffic arrives; callers await it.
        _loading = LoadAsync();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_loading is not null)
        {
            await _loading;
        }

        // The fronts' direct calls are not Orleans requests: the model is released only after they have finished too.
        if (_local is not null)
        {
            try
            {
                await localReplicas.RemoveAsync(_local).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                LogDrainCutShort(logger, this.GetPrimaryKeyString(), _local.InFlight);
            }
        }

        if (_lease is not null)
        {
            await _lease.DisposeAsync();
            _lease = null;
        }
    }

    public async Task<InferenceResponse> Infer(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        var local = await GetLocalAsync(cancellationToken);
        if (!local.TryEnter())
        {
            throw new InferenceException(InferenceErrorKind.Unavailable,
                $"replica {this.GetPrimaryKeyString()} of model '{_model}' version '{_version}' is leaving silo {silo.Name}; retry (another replica answers)");
        }

        return await local.RunAsync(request, cancellationToken);
    }

    // Runs on this grain's scheduler (LocalReplica queues it there), whichever path the failed request took.
    private void OnInferFailed(LoadedModel model, InferenceException exception)
    {
        if (model.GpuFault is { } fault)
        {
            LeaveFailedGpu(model, fault);
        }
        else if (exception.Kind == InferenceErrorKind.Internal)
        {
            CountEngineFailure(exception);
        }
    }

    public async Task<ReplicaStatus> EnsureLoaded(CancellationToken cancellationToken = default)
    {
        // An explicit load retries a failed one (the artifact may have been fixed); plain calls fail fast instead.
        if (_lease is null && _loading is { IsCompleted: true })
        {
            _loading = LoadAsync();
        }

        if (_loading is not null)
        {
            await _loading.WaitAsync(cancellationToken);
        }

        return GetStatusNow();
    }

    public Task<ReplicaStatus> GetStatus()
    {
        // The supervisor probes every round: a replica whose GPU failed, or that found no GPU with room here, moves
        // at that pace (not in a tight loop when every GPU silo is full).
        if (_lease?.Model is { GpuFault: { } fault } model)
        {
            LeaveFailedGpu(model, fault);
        }
        else if (_gpuRefused)
        {
            RetryForGpu();
        }

        return Task.FromResult(GetStatusNow());
    }

    public async Task Unload()
    {
        LogUnloading(logger, this.GetPrimaryKeyString());
        LeaveSilo();
        await Task.CompletedTask;
    }

    public Task Relocate()
    {
        LogRelocating(logger, this.GetPrimaryKeyString(), silo.SiloAddress.ToString());

        // Migration asks the placement director for a new silo and updates the directory, so callers follow. A plain
        // deactivation would not: a caller with the old address cached re-activates the grain on the same silo.
        MigrateOnIdle();
        return Task.CompletedTask;
    }

    private async Task LoadAsync()
    {
        if (await GetWithdrawalReasonAsync() is { } withdrawn)
        {
            _loadError = withdrawn.Reason;
            LogNotServing(logger, this.GetPrimaryKeyString(), withdrawn.Reason);

            // Scaled down: this activation goes, so that a later scale-up to this index starts a fresh one that loads.
            if (withdrawn.ScaledDown)
            {
                DeactivateOnIdle();
            }

            return;
        }

        try
        {
            _lease = await modelHost.AcquireAsync(_model, _version, CancellationToken.None);
            _loadError = null;
            _gpuRefused = false;
            _local = new LocalReplica(this.GetPrimaryKeyString(), _lease.Model, silo.Name, GrainContext.Scheduler, OnInferFailed);
            localReplicas.Add(_local);
        }
        catch (Exception ex)
        {
            _gpuRefused = ex.InnerException is GpuUnavailableException;
            _loadError = ex is InferenceException ? ex.Message : $"model '{_model}' version '{_version}' failed to load: {ex.Message}";
            LogLoadFailed(logger, ex, this.GetPrimaryKeyString(), _loadError);
        }
    }

    // A front with a stale routing table may still call a replica of a model that was just unloaded, or of a version
    // scaled down past this index; loading it here would bring it back. When the router cannot be reached, serving
    // wins over strictness.
    private async Task<(string Reason, bool ScaledDown)?> GetWithdrawalReasonAsync()
    {
        try
        {
            var router = GrainFactory.GetGrain<IModelRouterGrain>(_model);
            var table = await router.GetRoutingTable();
            if (table is null)
            {
                return ($"model '{_model}' is not deployed", false);
            }

            if (!table.Loaded)
            {
                return ($"model '{_model}' is unloaded; load it with POST /v2/repository/models/{_model}/load", false);
            }

            foreach (var route in table.Versions)
            {
                if (route.Version == _version)
                {
                    var desired = _index == 0 ? 1 : route.DesiredReplicas > 0 ? route.DesiredReplicas : await DesiredReplicasAsync(router);
                    return desired > 0 && _index >= desired
                        ? ($"replica {_index} of model '{_model}' version '{_version}' is not wanted: the version runs {desired} replica(s) now (scaled down)", true)
                        : null;
                }
            }

            return ($"model '{_model}' has no version '{_version}' deployed", false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRouterUnreachable(logger, ex, this.GetPrimaryKeyString());
            return null;
        }
    }

    // A router whose table does not state the desired count still has it in its scaling view.
    private async Task<int> DesiredReplicasAsync(IModelRouterGrain router) =>
        (await router.GetScaling())?.ReplicasByVersion.GetValueOrDefault(_version) ?? 0;

    private async Task<LocalReplica> GetLocalAsync(CancellationToken cancellationToken)
    {
        if (_loading is not null && !_loading.IsCompleted)
        {
            await _loading.WaitAsync(cancellationToken);
        }

        return _local
            ?? throw new InferenceException(InferenceErrorKind.Unavailable, _loadError ?? $"model '{_model}' version '{_version}' is not loaded");
    }

    private ReplicaStatus GetStatusNow()
    {
        var state = _lease is not null ? ReplicaState.Ready : _loadError is not null ? ReplicaState.Failed : ReplicaState.Loading;
        var batcher = _lease?.Model.Batcher;
        return new ReplicaStatus(
            this.GetPrimaryKeyString(),
            state,
            _loadError,
            _lease?.Model.Metadata,
            batcher?.QueueDepth ?? 0,
            _local?.InFlight ?? 0,
            silo.SiloAddress.ToString(),
            _lease?.Model.Device);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Replica {ReplicaKey} could not load its model: {Reason}. Fix the artifact or config.json in the model repository, then POST /v2/repository/models/<model>/load to retry.")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string replicaKey, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaKey} leaving silo {Silo}: the supervisor moves it to restore the zone spread")]
    private static partial void LogRelocating(ILogger logger, string replicaKey, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaKey} does not load its model: {Reason}")]
    private static partial void LogNotServing(ILogger logger, string replicaKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} could not ask its router whether the model is still deployed; loading anyway. Check the router's silo")]
    private static partial void LogRouterUnreachable(ILogger logger, Exception exception, string replicaKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} released its model with {InFlight} request(s) still running: deactivation ran out of time. Those requests may fail; their callers retry on another replica.")]
    private static partial void LogDrainCutShort(ILogger logger, string replicaKey, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaKey} unloading")]
    private static partial void LogUnloading(ILogger logger, string replicaKey);
}
