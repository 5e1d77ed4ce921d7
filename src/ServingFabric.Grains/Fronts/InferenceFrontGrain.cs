using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Runtime.Validation;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The per-model entry point, a local pool on every gateway silo so it is never a single bottleneck. It validates
/// against cached metadata (a bad request costs no hop), resolves the version from the cached routing table and
/// calls a replica with the request's deadline.
/// </summary>
[StatelessWorker]
internal sealed partial class InferenceFrontGrain(
    IOptions<InferenceFrontOptions> options,
    TimeProvider time,
    ServingFabricMetrics metrics,
    ILogger<InferenceFrontGrain> logger) : Grain, IInferenceFrontGrain
{
    private readonly InferenceFrontOptions _options = options.Value;
    private readonly Dictionary<string, ModelMetadata> _metadata = new(StringComparer.Ordinal);
    private RoutingTable? _table;
    private long _tableFetchedAt;
    private int _nextReplica;

    public async Task<InferenceResponse> Infer(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        string? version = request.ModelVersion;
        try
        {
            var table = await GetLoadedTableAsync();
            var route = ResolveVersion(table, request.ModelVersion);
            version = route.Version;
            var metadata = await GetMetadataAsync(route, cancellationToken);
            RequestValidator.Validate(request, metadata);

            var deadline = request.Deadline ?? time.GetUtcNow() + _options.DefaultTimeout;
            var response = await CallReplicaAsync(route, request with { ModelVersion = route.Version, Deadline = deadline }, deadline, cancellationToken);
            metrics.RecordRequest(request.ModelName, version, null, time.GetElapsedTime(started));
            return response;
        }
        catch (InferenceException ex)
        {
            metrics.RecordRequest(request.ModelName, version, ex.Kind, time.GetElapsedTime(started));
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReplicaFailed(logger, ex, request.ModelName, version ?? "?");
            metrics.RecordRequest(request.ModelName, version, InferenceErrorKind.Internal, time.GetElapsedTime(started));
            throw new InferenceException(InferenceErrorKind.Internal, $"model '{request.ModelName}' version '{version}' failed: {ex.Message}");
        }
    }

    public async Task<ModelMetadata> GetMetadata(string? version, CancellationToken cancellationToken = default)
    {
        var table = await GetLoadedTableAsync();
        return await GetMetadataAsync(ResolveVersion(table, version), cancellationToken);
    }

    public async Task<ModelReadiness> GetReadiness(string? version, CancellationToken cancellationToken = default)
    {
        var table = await GetTableAsync();
        var route = ResolveVersion(table, version);
        if (!table.Loaded)
        {
            return new ModelReadiness(false, route.Version, $"model '{table.ModelName}' is unloaded");
        }

        string? reason = null;
        foreach (var key in route.ReplicaKeys)
        {
            var status = await GrainFactory.GetGrain<IModelReplicaGrain>(key).GetStatus();
            if (status.State == ReplicaState.Ready)
            {
                return new ModelReadiness(true, route.Version, null);
            }

            reason = status.Error ?? $"replica {key} is {status.State.ToString().ToLowerInvariant()}";
        }

        return new ModelReadiness(false, route.Version, reason ?? "no replica");
    }

    private async Task<InferenceResponse> CallReplicaAsync(VersionRoute route, InferenceRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var remaining = deadline - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            throw DeadlineExceeded(request, deadline);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(remaining);
        var replica = GrainFactory.GetGrain<IModelReplicaGrain>(PickReplica(route));
        try
        {
            return await replica.Infer(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw DeadlineExceeded(request, deadline);
        }
    }

    private InferenceException DeadlineExceeded(InferenceRequest request, DateTimeOffset deadline) =>
        new(InferenceErrorKind.DeadlineExceeded,
            $"deadline exceeded: model '{request.ModelName}' did not answer by {deadline:O}; raise the request timeout or reduce load");

    private string PickReplica(VersionRoute route)
    {
        // Round robin until replica health and load arrive with the high-availability work.
        var keys = route.ReplicaKeys;
        var index = (int)((uint)_nextReplica++ % (uint)keys.Count);
        return keys[index];
    }

    private async Task<ModelMetadata> GetMetadataAsync(VersionRoute route, CancellationToken cancellationToken)
    {
        if (_metadata.TryGetValue(route.Version, out var cached))
        {
            return cached;
        }

        var status = await GrainFactory.GetGrain<IModelReplicaGrain>(route.ReplicaKeys[0]).EnsureLoaded(cancellationToken);
        if (status.Metadata is not { } metadata)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable,
                status.Error ?? $"model '{_table?.ModelName}' version '{route.Version}' is still loading; retry shortly");
        }

        _metadata[route.Version] = metadata;
        return metadata;
    }

    private async Task<RoutingTable> GetLoadedTableAsync()
    {
        var table = await GetTableAsync();
        if (!table.Loaded)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable,
                $"model '{table.ModelName}' is unloaded; load it with POST /v2/repository/models/{table.ModelName}/load");
        }

        return table;
    }

    private async Task<RoutingTable> GetTableAsync()
    {
        var model = this.GetPrimaryKeyString();
        if (_table is null || time.GetElapsedTime(_tableFetchedAt) > _options.RoutingTableTtl)
        {
            var table = await GrainFactory.GetGrain<IModelRouterGrain>(model).GetRoutingTable()
                ?? throw new InferenceException(InferenceErrorKind.NotFound,
                    $"unknown model '{model}': it is not in the model repository (POST /v2/repository/index lists the models)");
            if (_table is null || table.Revision != _table.Revision)
            {
                _metadata.Clear();
            }

            _table = table;
            _tableFetchedAt = time.GetTimestamp();
        }

        return _table;
    }

    private static VersionRoute ResolveVersion(RoutingTable table, string? version)
    {
        var wanted = string.IsNullOrEmpty(version) ? table.DefaultVersion : version;
        foreach (var route in table.Versions)
        {
            if (route.Version == wanted)
            {
                return route;
            }
        }

        throw new InferenceException(InferenceErrorKind.NotFound,
            $"model '{table.ModelName}' has no version '{wanted}'; versions: {string.Join(", ", table.Versions.Select(v => v.Version))}");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference on model {Model} version {Version} failed unexpectedly; check the replica's silo log for the cause")]
    private static partial void LogReplicaFailed(ILogger logger, Exception exception, string model, string version);
}
