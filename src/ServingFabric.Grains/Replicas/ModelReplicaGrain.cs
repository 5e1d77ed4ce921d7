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
/// requests meet in the silo's shared batcher; the grain itself only holds a lease on the loaded model.
/// </summary>
[ZoneSpreadPlacement]
internal sealed partial class ModelReplicaGrain(
    ModelHost modelHost, ILocalSiloDetails silo, IOptions<ModelReplicaOptions> options, ILogger<ModelReplicaGrain> logger) : Grain, IModelReplicaGrain
{
    private string _model = "";
    private string _version = "";
    private int _index;
    private Task? _loading;
    private ModelLease? _lease;
    private string? _loadError;
    private int _inFlight;

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

        if (_lease is not null)
        {
            await _lease.DisposeAsync();
            _lease = null;
        }
    }

    public async Task<InferenceResponse> Infer(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        using var span = FabricTracing.Replica.StartActivity("replica infer");
        span?.SetTag(FabricTracing.Tags.Replica, this.GetPrimaryKeyString());
        span?.SetTag(FabricTracing.Tags.Silo, silo.Name);
        var model = await GetLoadedModelAsync(cancellationToken);
        _inFlight++;
        try
        {
            var response = await model.InferAsync(request, cancellationToken);
            _consecutiveEngineFailures = 0;
            return response;
        }
        catch (InferenceException ex)
        {
            FabricTracing.Fail(span, InferenceOutcomes.Of(ex.Kind), ex.Message);
            if (model.GpuFault is { } fault)
            {
                LeaveFailedGpu(model, fault);
            }
            else if (ex.Kind == InferenceErrorKind.Internal)
            {
                CountEngineFailure(ex);
            }

            throw;
        }
        finally
        {
            _inFlight--;
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
        DeactivateOnIdle();
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

    private async Task<LoadedModel> GetLoadedModelAsync(CancellationToken cancellationToken)
    {
        if (_loading is not null && !_loading.IsCompleted)
        {
            await _loading.WaitAsync(cancellationToken);
        }

        return _lease?.Model
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
            _inFlight,
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaKey} unloading")]
    private static partial void LogUnloading(ILogger logger, string replicaKey);
}
