namespace ServingFabric.Grains;

/// <summary>
/// The set of models the cluster knows (one grain, key <see cref="Key"/>, persistent): what readiness and the
/// repository index enumerate. Requests never touch it.
/// </summary>
public interface IModelCatalogGrain : IGrainWithStringKey
{
    /// <summary>The catalog's only key.</summary>
    const string Key = "catalog";

    Task Register(string modelName);

    [ReadOnly]
    Task<IReadOnlyList<string>> ListModels();
}
