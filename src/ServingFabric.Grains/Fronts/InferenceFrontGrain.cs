using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Runtime.Validation;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The per-model entry point, a local pool on every gateway silo so it is never a single bottleneck. It validates
/// against cached metadata (a bad request costs no hop), resolves the version from the cached routing table and
/// calls a replica with the request's deadline: power-of-two-choices among the replicas in rotation, one retry on
/// another replica when a replica or its silo fails (InferenceFrontGrain.Calls.cs), status probes and health
/// reports on a timer (InferenceFrontGrain.Refresh.cs). The table's traffic policy (version split, mirroring, injected
/// faults) is carried out here, and every request's outcome recorded per version for the router
/// (InferenceFrontGrain.Traffic.cs); rewards for answered requests arrive through InferenceFrontGrain.Feedback.cs.
/// Deterministic models are answered from the silo's response cache when the same request was answered before under
/// the same routing revision; what a front knows it publishes to <see cref="EdgeAnswers"/>, so the gateway can answer
/// such hits without calling the front at all.
/// Reentrant: a front only waits on replicas, so it must let many requests through at once or the batcher would
/// never see more requests than there are front activations (and overload would queue here instead of being
/// refused by the batcher's bounded queue). Its state changes only between awaits, never across threads.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed partial class InferenceFrontGrain(
    IOptions<InferenceFrontOptions> options,
    TimeProvider time,
    ServingFabricMetrics metrics,
    ResponseCache responseCache,
    ReplicaBalancer balancer,
    OutcomeCollector outcomes,
    FeedbackLedger feedback,
    EdgeAnswers edge,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    ILogger<InferenceFrontGrain> logger) : Grain, IInferenceFrontGrain
{
    private readonly InferenceFrontOptions _options = options.Value;
    private readonly ResponseCache? _cache = responseCache.Enabled ? responseCache : null;
    private readonly Dictionary<string, ModelMetadata> _metadata = new(StringComparer.Ordinal);
    private RoutingTable? _table;
    private long _tableFetchedAt;

    public async Task<InferenceResponse> Infer(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        string? version = request.ModelVersion;
        OutcomeRecord outcome = default;
        var result = RequestOutcome.Abandoned;
        try
        {
            var table = await GetLoadedTableAsync();
            var plan = PlanFor(table);
            var traffic = plan.Decide(request.ModelVersion, request.RoutingKey, request.Id, _sequences);
            var route = ResolveVersion(table, traffic.Version);
            version = route.Version;
            outcome = BeginOutcome(table, plan, traffic);
            var metadata = await GetMetadataAsync(route, cancellationToken);
            RequestValidator.Validate(request, metadata);
            var deadline = request.Deadline ?? time.GetUtcNow() + _options.DefaultTimeout;
            await InjectFaultsAsync(table, plan, traffic, request, deadline, cancellationToken);

            // Looked up after validation, so a bad request is refused the same whether or not it was seen before;
            // non-deterministic models never pay for hashing.
            ResponseCacheKey? cacheKey = null;
            if (_cache is not null && table.Deterministic)
            {
                cacheKey = ResponseCacheKey.Create(table.ModelName, route.Version, table.Revision, request.Inputs, request.Outputs);
                if (_cache.TryGet(cacheKey, request.Id, out var cached))
                {
                    metrics.RecordCacheLookup(table.ModelName, route.Version, hit: true);
                    metrics.RecordRequest(request.ModelName, version, null, time.GetElapsedTime(started));
                    result = RequestOutcome.Answered;
                    return cached;
                }

                metrics.RecordCacheLookup(table.ModelName, route.Version, hit: false);
            }

            using var admission = await AdmitAsync(table, route, deadline, cancellationToken);
            var call = request with { ModelVersion = route.Version, Deadline = deadline };
            StartMirror(table, plan, traffic, call);
            var response = await CallReplicasAsync(balancer.For(table.ModelName, route), call, deadline, cancellationToken);
            if (cacheKey is not null && _cache is not null)
            {
                _cache.TryAdd(cacheKey, response);
            }

            metrics.RecordRequest(request.ModelName, version, null, time.GetElapsedTime(started));
            result = RequestOutcome.Answered;
            return response;
        }
        catch (InferenceException ex)
        {
            metrics.RecordRequest(request.ModelName, version, ex.Kind, time.GetElapsedTime(started));
            result = RequestOutcomes.Of(ex.Kind);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReplicaFailed(logger, ex, request.ModelName, version ?? "?");
            metrics.RecordRequest(request.ModelName, version, InferenceErrorKind.Internal, time.GetElapsedTime(started));
            result = RequestOutcome.ServerError;
            throw new InferenceException(InferenceErrorKind.Internal, $"model '{request.ModelName}' version '{version}' failed: {ex.Message}");
        }
        finally
        {
            EndOutcome(outcome, result, request, started);
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
            ReplicaStatus status;
            try
            {
                status = await GrainFactory.GetGrain<IModelReplicaGrain>(key).GetStatus();
            }
            catch (Exception ex) when (ReplicaCallFailures.Classify(ex) == ReplicaCallOutcome.SiloUnreachable)
            {
                reason = $"replica {key} did not answer: {ex.Message}";
                continue;
            }

            if (status.State == ReplicaState.Ready)
            {
                return new ModelReadiness(true, route.Version, null);
            }

            reason = status.Error ?? $"replica {key} is {status.State.ToString().ToLowerInvariant()}";
        }

        return new ModelReadiness(false, route.Version, reason ?? "no replica");
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
            RoutingTable? fetched;
            try
            {
                fetched = await GrainFactory.GetGrain<IModelRouterGrain>(model).GetRoutingTable();
            }
            catch (Exception ex) when (_table is not null && ReplicaCallFailures.Classify(ex) == ReplicaCallOutcome.SiloUnreachable)
            {
                // The router's silo died: its replacement activates on the next call. Until then the table we hold
                // still routes correctly (replica keys do not change with silos), so requests keep flowing.
                LogStaleRoutingTable(logger, ex, model, _table.Revision);
                _tableFetchedAt = time.GetTimestamp();
                PublishToEdge();
                return _table;
            }

            var table = fetched ?? throw new InferenceException(InferenceErrorKind.NotFound,
                $"unknown model '{model}': it is not in the model repository (POST /v2/repository/index lists the models)");
            if (_table is null || table.Revision != _table.Revision)
            {
                ForgetStaleMetadata(table);
                balancer.Retain(table);

                // Keys carry the revision, so older answers could never be served again; this frees their memory.
                _cache?.Invalidate(model, table.Revision);
            }

            _table = table;
            _tableFetchedAt = time.GetTimestamp();
            PublishToEdge();
        }

        return _table;
    }

    /// <summary>Lets the gateway answer cache hits from what this activation knows now (<see cref="EdgeAnswers"/>).</summary>
    private void PublishToEdge()
    {
        if (_cache is not null && _table is { } table)
        {
            edge.Publish(table, PlanFor(table), _tableFetchedAt, _metadata);
        }
    }

    private static VersionRoute ResolveVersion(RoutingTable table, string? version)
    {
        var wanted = string.IsNullOrEmpty(version) ? table.DefaultVersion : version;
        return FindRoute(table, wanted) ?? throw new InferenceException(InferenceErrorKind.NotFound,
            $"model '{table.ModelName}' has no version '{wanted}'; versions: {string.Join(", ", table.Versions.Select(v => v.Version))}");
    }
}
