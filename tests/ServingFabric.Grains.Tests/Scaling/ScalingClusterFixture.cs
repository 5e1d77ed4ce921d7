using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ServingFabric.Grains.Scaling;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

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

    public string RepositoryPath { get; } = Path.Combine(Path.GetTempPath(), "sf-scaling-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    internal ControlledSiloResources Resources { get; } = new();

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(RepositoryPath);
        var iris = Path.Combine(RepositoryPath, SampleModels.IrisModelName);
        foreach (var model in Models)
        {
            var folder = Path.Combine(RepositoryPath, model);
            Directory.CreateDirectory(Path.Combine(folder, "1"));
            File.Copy(Path.Combine(iris, "1", FileSystemModelRepository.ArtifactFileName), Path.Combine(folder, "1", FileSystemModelRepository.ArtifactFileName));
            var config = ModelConfigJson.Read(Path.Combine(iris, FileSystemModelRepository.ConfigFileName));
            ModelConfigJson.Write(Path.Combine(folder, FileSystemModelRepository.ConfigFileName), config with { Replicas = new ReplicaBounds(1, 3) });
        }

        Directory.Delete(iris, recursive: true);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ServingFabric:ModelRepository:Path"] = RepositoryPath,
                ["ServingFabric:ResponseCache:Enabled"] = "false",
                ["ServingFabric:Supervisor:ProbeInterval"] = "00:00:00.200",
                ["ServingFabric:Supervisor:RouterKeepAliveInterval"] = "00:00:00.500",
                ["ServingFabric:Inference:RoutingTableTtl"] = "00:00:00.250",
                ["ServingFabric:Inference:StatusRefreshInterval"] = "00:00:00.200",
                ["ServingFabric:Scaling:MetricWindow"] = "00:00:01",
                ["ServingFabric:Scaling:DrainDelay"] = "00:00:00.500",
                ["ServingFabric:Scaling:Policy:ScaleDownStabilization"] = "00:00:02",
            })
            .Build();
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ISiloResourceReader>(Resources);
            silo.AddServingFabric(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(RepositoryPath, recursive: true);
    }

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
