using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>Each version's metadata, fetched once from a replica and validated against at the edge.</summary>
internal sealed partial class InferenceFrontGrain
{
    private async Task<ModelMetadata> GetMetadataAsync(VersionRoute route, CancellationToken cancellationToken)
    {
        if (_metadata.TryGetValue(route.Version, out var cached))
        {
            return cached;
        }

        var status = await EnsureLoadedAsync(route, cancellationToken);
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
    // config (the max batch size is part of the metadata), drop it; the replica validates each request again anyway.
    private void ForgetStaleMetadata(RoutingTable table)
    {
        if (_table is null || _table.MaxBatchSize != table.MaxBatchSize)
        {
            _metadata.Clear();
            return;
        }

        foreach (var version in _metadata.Keys.Where(v => !table.Versions.Any(route => route.Version == v)).ToList())
        {
            _metadata.Remove(version);
        }
    }
}
