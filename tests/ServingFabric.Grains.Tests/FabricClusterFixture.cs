using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Grains.Tests;

/// <summary>
/// Two in-process silos serving a temporary model repository: the sample iris model (version 1), and "broken" whose
/// version 2 artifact does not match the SHA-256 in its config.json while version 1 does.
/// </summary>
public sealed class FabricClusterFixture : IAsyncLifetime
{
    public string RepositoryPath { get; } = Path.Combine(Path.GetTempPath(), "sf-grains-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(RepositoryPath);
        WriteBrokenModel();

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ServingFabric:ModelRepository:Path"] = RepositoryPath })
            .Build();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddServingFabric(configuration));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(RepositoryPath, recursive: true);
    }

    private void WriteBrokenModel()
    {
        var folder = Path.Combine(RepositoryPath, "broken");
        foreach (var version in new[] { "1", "2" })
        {
            Directory.CreateDirectory(Path.Combine(folder, version));
            File.WriteAllBytes(Path.Combine(folder, version, FileSystemModelRepository.ArtifactFileName), SampleModels.CreateIrisMlp());
        }

        var goodSha = ArtifactVerifier.ComputeSha256(Path.Combine(folder, "1", FileSystemModelRepository.ArtifactFileName));
        var config = new ModelConfig(
            MaxBatchSize: 8,
            Versions: new Dictionary<string, ModelVersionConfig>
            {
                ["1"] = new(goodSha),
                ["2"] = new(new string('0', 64)),
            },
            DefaultVersion: "1");
        ModelConfigJson.Write(Path.Combine(folder, FileSystemModelRepository.ConfigFileName), config);
    }
}

[CollectionDefinition(Name)]
public sealed class FabricClusterCollection : ICollectionFixture<FabricClusterFixture>
{
    public const string Name = "fabric cluster";
}
