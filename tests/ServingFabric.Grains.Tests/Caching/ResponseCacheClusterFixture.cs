using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ServingFabric.Grains.Deployment;
using ServingFabric.Grains.Fronts;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Grains.Tests.Caching;

/// <summary>
/// One in-process silo (so every front activation shares the one response cache the tests read) whose fronts ask the
/// router on every request (a routing table TTL of zero, so a redeploy shows at once without waiting). Its repository
/// holds the iris MLP as <see cref="Cached"/> (deterministic, version 1), <see cref="Redeployed"/> (deterministic,
/// versions 1 and 2) and <see cref="Plain"/> (not deterministic). A derived fixture may give fronts a longer TTL.
/// </summary>
public class ResponseCacheClusterFixture : IAsyncLifetime
{
    public const string Cached = "cached";
    public const string Redeployed = "redeployed";
    public const string Plain = "plain";

    private readonly string _repositoryPath = Path.Combine(Path.GetTempPath(), "sf-cache-" + Guid.NewGuid().ToString("N"));
    private readonly TimeSpan _routingTableTtl;

    public ResponseCacheClusterFixture()
        : this(TimeSpan.Zero)
    {
    }

    protected ResponseCacheClusterFixture(TimeSpan routingTableTtl) => _routingTableTtl = routingTableTtl;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public ResponseCache Cache => Cluster.GetSiloServiceProvider().GetRequiredService<ResponseCache>();

    /// <summary>The silo's meter factory: the scope of its ServingFabric meters.</summary>
    public IMeterFactory Meters => Cluster.GetSiloServiceProvider().GetRequiredService<IMeterFactory>();

    public EdgeAnswers Edge => Cluster.GetSiloServiceProvider().GetRequiredService<EdgeAnswers>();

    public ModelDeployer Deployer => Cluster.GetSiloServiceProvider().GetRequiredService<ModelDeployer>();

    public async Task InitializeAsync()
    {
        WriteModel(Cached, deterministic: true, "1");
        WriteModel(Redeployed, deterministic: true, "1", "2");
        WriteModel(Plain, deterministic: false, "1");

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ServingFabric:ModelRepository:Path"] = _repositoryPath,
                ["ServingFabric:Inference:RoutingTableTtl"] = _routingTableTtl.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddServingFabric(configuration));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>An iris request for <paramref name="model"/>: <paramref name="rows"/> holds 4 floats per row.</summary>
    public static InferenceRequest Request(string id, string model, ReadOnlySpan<float> rows) =>
        new(id, model, null, [TensorFactory.Create("input", [rows.Length / 4, 4], rows)]);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_repositoryPath, recursive: true);
    }

    private void WriteModel(string name, bool deterministic, params string[] versions)
    {
        var folder = Path.Combine(_repositoryPath, name);
        foreach (var version in versions)
        {
            Directory.CreateDirectory(Path.Combine(folder, version));
            File.WriteAllBytes(Path.Combine(folder, version, FileSystemModelRepository.ArtifactFileName), SampleModels.CreateIrisMlp());
        }

        var config = new ModelConfig(
            MaxBatchSize: 8,
            DynamicBatching: new DynamicBatchingSpec(MaxQueueDelayMicroseconds: 0, PreferredBatchSizes: [], MaxQueueSize: 64),
            DefaultVersion: "1",
            Deterministic: deterministic);
        ModelConfigJson.Write(Path.Combine(folder, FileSystemModelRepository.ConfigFileName), config);
    }
}

[CollectionDefinition(Name)]
public sealed class ResponseCacheClusterCollection : ICollectionFixture<ResponseCacheClusterFixture>
{
    public const string Name = "response cache cluster";
}
