using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Runtime.Validation;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The silo's one cache-hit path, taken by the model's front after validation and by the gateway before the call to the
/// front (<see cref="IEdgeAnswers"/>): the front's grain call (scheduling, turn, continuation) was a seventh of a cache
/// hit's CPU. Both build the key and look up and count a hit here, so the two can never drift apart. The gateway
/// answers only where the front would answer the same: from the routing table and metadata a front activation of this
/// silo fetched no longer than <see cref="InferenceFrontOptions.RoutingTableTtl"/> ago, and only when that table sends
/// every request to the version it names or the default one: no split, mirror, injected fault or running release. A
/// hit is counted as the front counts it (request and cache metrics, the version's outcome for the router). Anything
/// else (a miss, a stale or busy table, an invalid request) is left to the front, which sees it as before. Thread-safe.
/// </summary>
public sealed class EdgeAnswers : IEdgeAnswers
{
    private readonly ConcurrentDictionary<string, EdgeRoute> _routes = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ResponseCache? _cache;
    private readonly ServingFabricMetrics _metrics;
    private readonly OutcomeCollector _outcomes;
    private long _answered;

    internal EdgeAnswers(TimeSpan routingTableTtl, TimeProvider time, ResponseCache cache, ServingFabricMetrics metrics, OutcomeCollector outcomes)
    {
        _ttl = routingTableTtl;
        _time = time;
        _cache = cache.Enabled ? cache : null;
        _metrics = metrics;
        _outcomes = outcomes;
    }

    /// <summary>Models with a published route, fresh or not.</summary>
    public int Count => _routes.Count;

    /// <summary>Requests answered here since the silo started (the front's hits are not in it).</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Whether answers are cached at all on this silo (<see cref="ResponseCacheOptions.Enabled"/>).</summary>
    internal bool Enabled => _cache is not null;

    /// <summary>
    /// The cached answer to <paramref name="request"/>, as the model's front would give it; false when the front must
    /// handle the request (then nothing was counted).
    /// </summary>
    public bool TryAnswer(InferenceRequest request, [NotNullWhen(true)] out InferenceResponse? response)
    {
        ArgumentNullException.ThrowIfNull(request);
        response = null;
        var started = _time.GetTimestamp();
        if (_cache is null || !TryGetRoute(request.ModelName, started, out var route) || !route.Table.Deterministic)
        {
            return false;
        }

        var table = route.Table;
        var version = string.IsNullOrEmpty(request.ModelVersion) ? table.DefaultVersion : request.ModelVersion;
        if (!route.Metadata.TryGetValue(version, out var metadata)
            || !TryHit(_cache, table, version, request, validateAgainst: metadata, countMiss: false, out _, out response))
        {
            return false;
        }

        var elapsed = _time.GetElapsedTime(started);
        _metrics.RecordRequest(request.ModelName, version, null, elapsed);
        var outcomes = _outcomes.For(table.ModelName);
        outcomes.Started(version);
        outcomes.Finished(version, RequestOutcome.Answered, elapsed, slowThreshold: null, armExperiment: null, table.LatencyObjective);
        Interlocked.Increment(ref _answered);
        return true;
    }

    /// <summary>
    /// The route a front of this silo published for <paramref name="model"/> no longer than the routing table's TTL
    /// before <paramref name="now"/>; false when there is none the edge may follow.
    /// </summary>
    internal bool TryGetRoute(string model, long now, [NotNullWhen(true)] out EdgeRoute? route) =>
        _routes.TryGetValue(model, out route) && route.IsFresh(now, _ttl, _time);

    /// <summary>
    /// The front's lookup of a request it validated, for <paramref name="version"/> under <paramref name="table"/>'s
    /// revision; <paramref name="key"/> is where to <see cref="Remember"/> the answer after a miss, null when the
    /// model's answers are not cached (a non-deterministic model never pays for hashing).
    /// </summary>
    internal bool TryAnswer(
        RoutingTable table, string version, InferenceRequest request, out ResponseCacheKey? key, [NotNullWhen(true)] out InferenceResponse? response)
    {
        key = null;
        response = null;
        if (_cache is null || !table.Deterministic)
        {
            return false;
        }

        var hit = TryHit(_cache, table, version, request, validateAgainst: null, countMiss: true, out var lookedUp, out response);
        key = lookedUp;
        return hit;
    }

    /// <summary>Stores the answer to a request the front looked up and missed.</summary>
    internal void Remember(ResponseCacheKey? key, InferenceResponse response)
    {
        if (key is not null)
        {
            _cache?.TryAdd(key, response);
        }
    }

    /// <summary>Frees the answers of <paramref name="model"/>'s older revisions: their keys could never be asked again.</summary>
    internal void Forget(string model, long currentRevision) => _cache?.Invalidate(model, currentRevision);

    /// <summary>
    /// A front activation's view of <paramref name="table"/>, fetched at <paramref name="fetchedAt"/> (a timestamp of the
    /// time provider), with the metadata it holds. A model whose table the edge may not follow (unloaded, or its traffic
    /// split, mirrored, faulted or under a release) is withdrawn; answers are looked up only for deterministic models.
    /// An older revision does not replace a fresh newer one (two activations can fetch around a change).
    /// </summary>
    internal void Publish(RoutingTable table, TrafficPlan plan, long fetchedAt, IReadOnlyDictionary<string, ModelMetadata> metadata)
    {
        if (!table.Loaded || !plan.IsFixed)
        {
            _routes.TryRemove(table.ModelName, out _);
            return;
        }

        var route = new EdgeRoute(table, plan, fetchedAt, new Dictionary<string, ModelMetadata>(metadata, StringComparer.Ordinal));
        _routes.AddOrUpdate(table.ModelName, route, (_, current) =>
            route.Table.Revision >= current.Table.Revision || !current.IsFresh(_time.GetTimestamp(), _ttl, _time) ? route : current);
    }

    /// <summary>
    /// The lookup both paths share: the key (model, version, revision, inputs, requested outputs), the answer under the
    /// caller's id, and the cache metric. The gateway validates only what it found, so a request is validated once on
    /// the HTTP path: here on a hit (a miss goes to the front, which validates it). An invalid request is left to the
    /// front, which refuses it with its error and counts it; the gateway only steps aside. (A key matches only a request
    /// equal in every input and requested output to one a front validated and answered under this revision, so a
    /// found answer fails validation only if the version's metadata changed without a new revision; that lookup then
    /// shows in the cache's own hit count, never in the metrics or outcomes.) The edge hashes the codec's requests,
    /// which never hold a null tensor; the front hashes only requests it validated.
    /// </summary>
    private bool TryHit(
        ResponseCache cache, RoutingTable table, string version, InferenceRequest request, ModelMetadata? validateAgainst, bool countMiss,
        out ResponseCacheKey key, [NotNullWhen(true)] out InferenceResponse? response)
    {
        key = ResponseCacheKey.Create(table.ModelName, version, table.Revision, request.Inputs, request.Outputs);
        if (!cache.TryGet(key, request.Id, out response, countMiss))
        {
            if (countMiss)
            {
                _metrics.RecordCacheLookup(table.ModelName, version, hit: false);
            }

            return false;
        }

        if (validateAgainst is not null && !IsValid(request, validateAgainst))
        {
            response = null;
            return false;
        }

        _metrics.RecordCacheLookup(table.ModelName, version, hit: true);
        return true;
    }

    private static bool IsValid(InferenceRequest request, ModelMetadata metadata)
    {
        try
        {
            RequestValidator.Validate(request, metadata);
            return true;
        }
        catch (InferenceException)
        {
            return false;
        }
    }
}
