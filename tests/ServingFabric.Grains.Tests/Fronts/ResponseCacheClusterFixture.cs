using System.Diagnostics.Metrics;
using Orleans.TestingHost;
using ServingFabric.Grains.Deployment;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Runtime.Caching;

namespace ServingFabric.Grains.Tests.Fronts;

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

    private readonly FabricTestCluster _fabric;

    public ResponseCacheClusterFixture()
        : this(TimeSpan.Zero)
    {
    }

    protected ResponseCacheClusterFixture(TimeSpan routingTableTtl) => _fabric = new FabricTestCluster("cache", silos: 1)
        .WithModels(root =>
        {
            IrisRepository.WriteModel(root, Cached, Config(deterministic: true), "1");
            IrisRepository.WriteModel(root, Redeployed, Config(deterministic: true), "1", "2");
            IrisRepository.WriteModel(root, Plain, Config(deterministic: false), "1");
        })
        .WithRoutingTableTtl(routingTableTtl);

    public InProcessTestCluster Cluster => _fabric.Cluster;

    public IClusterClient Client => _fabric.Client;

    public ResponseCache Cache => _fabric.SiloService<ResponseCache>();

    /// <summary>The silo's meter factory: the scope of its ServingFabric meters.</summary>
    public IMeterFactory Meters => _fabric.SiloService<IMeterFactory>();

    public EdgeAnswers Edge => _fabric.SiloService<EdgeAnswers>();

    public ModelDeployer Deployer => _fabric.SiloService<ModelDeployer>();

    public Task InitializeAsync() => _fabric.StartAsync();

    /// <summary>An iris request for <paramref name="model"/>: <paramref name="rows"/> holds 4 floats per row.</summary>
    public static InferenceRequest Request(string id, string model, ReadOnlySpan<float> rows) =>
        new(id, model, null, [TensorFactory.Create("input", [rows.Length / 4, 4], rows)]);

    public async Task DisposeAsync() => await _fabric.DisposeAsync();

    private static ModelConfig Config(bool deterministic) => new(
        MaxBatchSize: 8,
        DynamicBatching: new DynamicBatchingSpec(MaxQueueDelayMicroseconds: 0, PreferredBatchSizes: [], MaxQueueSize: 64),
        DefaultVersion: "1",
        Deterministic: deterministic);
}

[CollectionDefinition(Name)]
public sealed class ResponseCacheClusterCollection : ICollectionFixture<ResponseCacheClusterFixture>
{
    public const string Name = "response cache cluster";
}
