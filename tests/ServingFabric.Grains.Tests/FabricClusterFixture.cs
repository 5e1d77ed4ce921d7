using Orleans.TestingHost;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests;

/// <summary>
/// Two in-process silos serving a temporary model repository: the sample iris model (version 1), and "broken" whose
/// version 2 artifact does not match the SHA-256 in its config.json while version 1 does.
/// </summary>
public sealed class FabricClusterFixture : IAsyncLifetime
{
    private readonly FabricTestCluster _fabric = new FabricTestCluster("grains", silos: 2)
        .WithModels(root =>
        {
            IrisRepository.WriteSample(root);
            var goodSha = IrisRepository.WriteVersion(root, "broken", "1");
            IrisRepository.WriteVersion(root, "broken", "2");
            IrisRepository.WriteConfig(root, "broken", new ModelConfig(
                MaxBatchSize: 8,
                Versions: new Dictionary<string, ModelVersionConfig>
                {
                    ["1"] = new(goodSha),
                    ["2"] = new(new string('0', 64)),
                },
                DefaultVersion: "1"));
        });

    public string RepositoryPath => _fabric.RepositoryPath;

    public InProcessTestCluster Cluster => _fabric.Cluster;

    public IClusterClient Client => _fabric.Client;

    public Task InitializeAsync() => _fabric.StartAsync();

    public async Task DisposeAsync() => await _fabric.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FabricClusterCollection : ICollectionFixture<FabricClusterFixture>
{
    public const string Name = "fabric cluster";
}
