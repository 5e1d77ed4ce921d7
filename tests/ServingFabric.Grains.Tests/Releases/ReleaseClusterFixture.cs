using Orleans.TestingHost;
using ServingFabric.Grains.Deployment;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>
/// Two in-process silos with the default (memory) router storage, a fast supervisor and hourly release checkpoints
/// (a release is written only when a decision changes it); each test makes its own model in a temporary repository,
/// every version the iris MLP.
/// </summary>
public sealed class ReleaseClusterFixture : IAsyncLifetime
{
    private readonly FabricTestCluster _fabric = new FabricTestCluster("releases", silos: 2)
        .WithFastSupervisor(keepRoutersAlive: false)
        .WithSetting("ServingFabric:Releases:CheckpointInterval", TimeSpan.FromHours(1));

    public string RepositoryPath => _fabric.RepositoryPath;

    public InProcessTestCluster Cluster => _fabric.Cluster;

    public IClusterClient Client => _fabric.Client;

    public ModelDeployer Deployer => _fabric.SiloService<ModelDeployer>();

    public Task InitializeAsync() => _fabric.StartAsync();

    public async Task DisposeAsync() => await _fabric.DisposeAsync();

    /// <summary>Writes <paramref name="model"/> with <paramref name="versions"/> (SHA-256 in config.json, default the first) and loads it.</summary>
    public async Task<IModelRouterGrain> LoadModelAsync(string model, params string[] versions)
    {
        var shas = versions.ToDictionary(v => v, v => new ModelVersionConfig(AddVersionFolder(model, v)));
        IrisRepository.WriteConfig(RepositoryPath, model, new ModelConfig(MaxBatchSize: 8, EngineThreads: 1, Versions: shas, DefaultVersion: versions[0]));
        await Deployer.LoadAsync(model, CancellationToken.None);
        return Client.GetGrain<IModelRouterGrain>(model);
    }

    /// <summary>Imports a version's artifact into the repository (what the management API does before registering) and returns its SHA-256.</summary>
    public string AddVersionFolder(string model, string version) => IrisRepository.WriteVersion(RepositoryPath, model, version);

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
