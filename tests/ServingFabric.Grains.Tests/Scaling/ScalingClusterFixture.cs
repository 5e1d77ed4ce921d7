using Orleans.TestingHost;
using ServingFabric.Grains.Scaling;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Scaling;

/// <summary>
/// Three in-process silos without zones, a fast supervisor (200 ms) and short scaling windows, serving copies of the
/// iris sample with <c>"replicas": {"min": 1, "max": 3}</c> under the names in <see cref="Models"/>: each test
/// scales a model of its own. Silo CPU and memory come from <see cref="Resources"/>.
/// </summary>
public sealed class ScalingClusterFixture : IAsyncLifetime
{
    /// <summary>One model per test, so the tests of the class do not see each other's replicas.</summary>
    public static readonly IReadOnlyList<string> Models = ["lift", "drain", "hot", "load", "admit"];

    private readonly FabricTestCluster _fabric;

    public ScalingClusterFixture() => _fabric = new FabricTestCluster("scaling", silos: 3)
        .WithModels(root =>
        {
            foreach (var model in Models)
            {
                IrisRepository.WriteSample(root, model, config => config with { Replicas = new ReplicaBounds(1, 3) });
            }
        })
        .WithoutResponseCache()
        .WithFastSupervisor()
        .WithRoutingTableTtl(TimeSpan.FromMilliseconds(250))
        .WithSetting("ServingFabric:Inference:StatusRefreshInterval", TimeSpan.FromMilliseconds(200))
        .WithSetting("ServingFabric:Scaling:MetricWindow", TimeSpan.FromSeconds(1))
        .WithSetting("ServingFabric:Scaling:DrainDelay", TimeSpan.FromMilliseconds(500))
        .WithSetting("ServingFabric:Scaling:Policy:ScaleDownStabilization", TimeSpan.FromSeconds(2))
        .WithService<ISiloResourceReader>(Resources);

    public string RepositoryPath => _fabric.RepositoryPath;

    public InProcessTestCluster Cluster => _fabric.Cluster;

    public IClusterClient Client => _fabric.Client;

    internal ControlledSiloResources Resources { get; } = new();

    public Task InitializeAsync() => _fabric.StartAsync();

    public async Task DisposeAsync() => await _fabric.DisposeAsync();

    /// <summary>The name (Silo_n) of the silo at <paramref name="address"/> as a replica reports it.</summary>
    public string SiloName(string? address) =>
        Cluster.Silos.FirstOrDefault(s => s.SiloAddress.ToString() == address)?.Name ?? $"(unknown: {address})";
}

/// <summary>The scaling tests share one cluster and run one at a time (each scales a model of its own).</summary>
[CollectionDefinition(Name)]
public sealed class ScalingClusterCollection : ICollectionFixture<ScalingClusterFixture>
{
    public const string Name = "scaling cluster";
}
