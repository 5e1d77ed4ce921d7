namespace ServingFabric.Grains.Catalog;

/// <summary>The set of models the cluster serves, for readiness and the repository index.</summary>
internal sealed class ModelCatalogGrain(
    [PersistentState("catalog", ServingFabricStorage.Name)] IPersistentState<ModelCatalogState> state) : Grain, IModelCatalogGrain
{
    private IReadOnlyList<string>? _snapshot;

    public async Task Register(string modelName)
    {
        if (state.State.Models.Add(modelName))
        {
            await state.WriteStateAsync();
            _snapshot = null;
        }
    }

    public Task<IReadOnlyList<string>> ListModels()
    {
        _snapshot ??= [.. state.State.Models];
        return Task.FromResult(_snapshot);
    }
}
