using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ServingFabric.Grains.Deployment;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>
/// Two in-process silos with the default (memory) router storage, a fast supervisor and hourly release checkpoints
/// (a release is written only when a decision changes it); each test makes its own model in a temporary repository,
/// every version the iris MLP.
/// </summary>
public sealed class ReleaseClusterFixture : IAsyncLifetime
{
    public string RepositoryPath { get; } = Path.Combine(Path.GetTempPath(), "sf-releases-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public ModelDeployer Deployer => Cluster.GetSiloServiceProvider().GetRequiredService<ModelDeployer>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(RepositoryPath);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ServingFabric:ModelRepository:Path"] = RepositoryPath,
                ["ServingFabric:Supervisor:ProbeInterval"] = "00:00:00.200",
                ["ServingFabric:Releases:CheckpointInterval"] = "01:00:00",
            })
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

    /// <summary>Writes <paramref name="model"/> with <paramref name="versions"/> (SHA-256 in config.json, default the first) and loads it.</summary>
    public async Task<IModelRouterGrain> LoadModelAsync(string model, params string[] versions)
    {
        var shas = versions.ToDictionary(v => v, v => new ModelVersionConfig(AddVersionFolder(model, v)));
        ModelConfigJson.Write(Path.Combine(RepositoryPath, model, FileSystemModelRepository.ConfigFileName),
            new ModelConfig(MaxBatchSize: 8, EngineThreads: 1, Versions: shas, DefaultVersion: versions[0]));
        await Deployer.LoadAsync(model, CancellationToken.None);
        return Client.GetGrain<IModelRouterGrain>(model);
    }

    /// <summary>Imports a version's artifact into the repository (what the management API does before registering) and returns its SHA-256.</summary>
    public string AddVersionFolder(string model, string version)
    {
        var artifact = Path.Combine(RepositoryPath, model, version, FileSystemModelRepository.ArtifactFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        File.WriteAllBytes(artifact, SampleModels.CreateIrisMlp());
        return ArtifactVerifier.ComputeSha256(artifact);
    }

    /// <summary>Waits until the router's log holds an event of <paramref name="kind"/> after <paramref name="afterSequence"/>.</summary>
    public async Task<ModelEvent> WaitForEventAsync(IModelRouterGrain router, ModelEventKind kind, long afterSequence = 0)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!deadline.IsCancellationRequested)
        {
            if ((await router.GetEvents(afterSequence)).FirstOrDefault(e => e.Kind == kind) is { } found)
            {
                return found;
            }

            // The supervisor evaluates releases every 200 ms: this waits on its rounds, not on time.
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        throw new TimeoutException($"no {kind} event within 30 s; events: {string.Join("; ", (await router.GetEvents(afterSequence)).Select(e => $"{e.Kind} {e.Message}"))}");
    }
}

[CollectionDefinition(Name)]
public sealed class ReleaseClusterCollection : ICollectionFixture<ReleaseClusterFixture>
{
    public const string Name = "release cluster";
}
