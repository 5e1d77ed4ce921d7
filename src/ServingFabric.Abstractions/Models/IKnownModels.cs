namespace ServingFabric.Models;

/// <summary>
/// The silo's local view of the models the catalog knows (<see cref="ServingFabric.Grains.IModelCatalogGrain"/>), so
/// a request naming an unknown model is refused before it activates a router or front grain or creates a metric
/// series: model names come from request paths, and every grain or series made for a made-up name would stay. The
/// view is refreshed periodically, on a miss (at most once per <c>KnownModelsMissRefreshInterval</c> per silo,
/// whatever is asked, so a model just deployed elsewhere is found quickly and made-up names cost at most one catalog
/// call per interval), and directly when this silo deploys a model. Thread-safe.
/// </summary>
public interface IKnownModels
{
    /// <summary>Whether the local view holds <paramref name="model"/> now; never calls the catalog.</summary>
    bool IsKnown(string model);

    /// <summary>
    /// Whether <paramref name="model"/> is known, refreshing the view from the catalog on a miss unless it was
    /// refreshed within the miss interval. Throws <see cref="ServingFabric.Inference.InferenceException"/>
    /// (<see cref="ServingFabric.Inference.InferenceErrorKind.Unavailable"/>) when the catalog was never read.
    /// </summary>
    ValueTask<bool> IsKnownAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Adds a model this silo just deployed (and registered in the catalog).</summary>
    void Add(string model);
}
