using ServingFabric.Grains;
using ServingFabric.Health;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>
/// The readiness condition <c>routing</c>: this gateway has read the catalog and every catalogued model's routing
/// table once. Asked until it succeeds, then remembered: afterwards the fronts keep their cached tables, so a router
/// that moves with a lost silo (or storage that is down for a while) must not make every gateway unready at once.
/// </summary>
internal sealed class RoutingReadiness
{
    private volatile bool _loaded;

    public async Task<ReadinessFailure?> CheckAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return null;
        }

        try
        {
            var models = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels().WaitAsync(cancellationToken);
            await Task.WhenAll(models.Select(m => grains.GetGrain<IModelRouterGrain>(m).GetRoutingTable())).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new(ReadinessConditions.Routing, $"the routing tables could not be read: {ex.Message}");
        }

        _loaded = true;
        return null;
    }
}
