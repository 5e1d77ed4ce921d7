using ServingFabric.Models;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Runtime.Tests.Hosting;

internal sealed class FakeRepository : IModelRepository
{
    public Dictionary<string, RepositoryModel> Models { get; } = new(StringComparer.Ordinal);

    public string Location => "/models";

    public void Add(string name, ModelConfig config, params string[] versions) => Models[name] = new RepositoryModel(name, config, versions);

    public IReadOnlyList<string> ListModels() => [.. Models.Keys.Order(StringComparer.Ordinal)];

    public RepositoryModel? Find(string modelName) => Models.GetValueOrDefault(modelName);

    public string GetArtifactPath(string modelName, string version) => $"/models/{modelName}/{version}/model.onnx";
}
