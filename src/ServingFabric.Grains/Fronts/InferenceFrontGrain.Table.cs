using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The routing table, refreshed from the router once it is older than <see cref="InferenceFrontOptions.RoutingTableTtl"/>
/// (one refresh at a time, waited for at most <see cref="InferenceFrontOptions.RoutingTableRefreshWait"/> once a table is cached),
/// and each version's metadata, fetched once from a replica; what they say is published to the gateway's cache path.
/// </summary>
internal sealed partial class InferenceFrontGrain
{
    private const int FirstTableAttempts = 4;
    private static readonly TimeSpan FirstTableRetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly Dictionary<string, ModelMetadata> _metadata = new(StringComparer.Ordinal);
    private RoutingTable? _table;
    private long _tableFetchedAt;
    private Task<RoutingTable?>? _refresh;
    private long _refreshStartedAt;
    private bool _slowRefreshLogged;

    private async ValueTask<RoutingTable> GetLoadedTableAsync()
    {
        var table = await GetTableAsync();
        if (!table.Loaded)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable,
                $"model '{table.ModelName}' is unloaded; load it with POST /v2/repository/models/{table.ModelName}/load");
        }

        return table;
    }

    private async ValueTask<RoutingTable> GetTableAsync()
    {
        if (_table is not null && time.GetElapsedTime(_tableFetchedAt) <= _options.RoutingTableTtl)
        {
            return _table;
        }

        // One refresh at a time (the front is reentrant: without this every request after the TTL would call the router).
        var model = this.GetPrimaryKeyString();
        if (_refresh is null)
        {
            _refresh = _table is null ? FetchFirstTableAsync(model) : GrainFactory.GetGrain<IModelRouterGrain>(model).GetRoutingTable();
            _refreshStartedAt = time.GetTimestamp();
            _slowRefreshLogged = false;
        }

        var refresh = _refresh;
        if (_table is not null && !refresh.IsCompleted)
        {
            // A cached table routes correctly for a while (replica keys do not change with silos): wait only briefly
            // for the router, so a frozen router's silo does not hold every request of every front.
            var left = _options.RoutingTableRefreshWait - time.GetElapsedTime(_refreshStartedAt);
            if (left > TimeSpan.Zero)
            {
                await Task.WhenAny(refresh, Task.Delay(left, time));
            }

            if (!refresh.IsCompleted)
            {
                if (!_slowRefreshLogged)
                {
                    _slowRefreshLogged = true;
                    LogSlowRoutingTable(logger, model, (long)time.GetElapsedTime(_refreshStartedAt).TotalMilliseconds, _table.Revision);
                }

                return _table;
            }
        }

        RoutingTable? fetched;
        try
        {
            fetched = await refresh;
        }
        catch (Exception ex) when (_table is not null && ex is not InferenceException)
        {
            // The router could not answer (its silo died or is shutting down, the call timed out or was rejected): its
            // replacement activates on a later call. Until then the table we hold still routes correctly (replica keys
            // do not change with silos), so requests keep flowing. An InferenceException is the router's own answer.
            // Logged and re-dated once, by the first of the requests that awaited this refresh (the finally clears it).
            if (ReferenceEquals(_refresh, refresh))
            {
                LogStaleRoutingTable(logger, ex, model, _table.Revision);
                _tableFetchedAt = time.GetTimestamp();
                PublishToEdge();
            }

            return _table;
        }
        finally
        {
            if (ReferenceEquals(_refresh, refresh))
            {
                _refresh = null;
            }
        }

        var table = fetched ?? throw UnknownModel(model);
        if (_table is null || table.Revision != _table.Revision)
        {
            ForgetStaleMetadata(table);
            replicas.Retain(table);

            // Keys carry the revision, so older answers could never be served again; this frees their memory.
            answers.Forget(model, table.Revision);
        }

        _table = table;
        _tableFetchedAt = time.GetTimestamp();
        PublishToEdge();
        return _table;
    }

    /// <summary>
    /// A new front (this one just activated, often because its silo is stopping) has no table to fall back on, and the
    /// router may be deactivating with that same silo: its call then fails until the router activates elsewhere, which
    /// the next call does. So the first table is asked for a few times, briefly, before the requests waiting on it fail.
    /// </summary>
    private async Task<RoutingTable?> FetchFirstTableAsync(string model)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await GrainFactory.GetGrain<IModelRouterGrain>(model).GetRoutingTable();
            }
            catch (Exception ex) when (attempt < FirstTableAttempts && ex is not InferenceException and not OperationCanceledException)
            {
                LogFirstTableRetry(logger, model, attempt, ex.GetType().Name);
                await Task.Delay(FirstTableRetryDelay * attempt, time);
            }
        }
    }

    private static InferenceException UnknownModel(string model) =>
        new(InferenceErrorKind.NotFound, $"unknown model '{model}': it is not in the model repository (POST /v2/repository/index lists the models)");

    private async ValueTask<ModelMetadata> GetMetadataAsync(VersionRoute route, CancellationToken cancellationToken)
    {
        if (_metadata.TryGetValue(route.Version, out var cached))
        {
            return cached;
        }

        var status = await probes.EnsureLoadedAsync(route, cancellationToken);
        if (status.Metadata is not { } metadata)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable,
                status.Error ?? $"model '{_table?.ModelName}' version '{route.Version}' is still loading; retry shortly");
        }

        _metadata[route.Version] = metadata;
        PublishToEdge();
        return metadata;
    }

    // A version's metadata comes from its artifact, which a new revision (a traffic step, a replica added) does not
    // change: refetching it on every revision would slow the first requests of each version after each change, and
    // most those of a small canary arm, biasing its latency. Only versions that left the table, or a redeployed
    // config (the max batch size is part of the metadata), drop it; the replica guards each request again anyway.
    private void ForgetStaleMetadata(RoutingTable table)
    {
        if (_table is null || _table.MaxBatchSize != table.MaxBatchSize)
        {
            _metadata.Clear();
            return;
        }

        foreach (var version in _metadata.Keys.Where(v => VersionChooser.Find(table, v) is null).ToList())
        {
            _metadata.Remove(version);
        }
    }

    /// <summary>
    /// Lets the gateway run requests (<see cref="EdgeFronts"/>) and answer cache hits (<see cref="EdgeAnswers"/>) from
    /// what this activation knows now.
    /// </summary>
    private void PublishToEdge()
    {
        if (_table is { } table)
        {
            answers.Publish(table, versions.PlanFor(table), _tableFetchedAt, _metadata);
        }
    }
}
