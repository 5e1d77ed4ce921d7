using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ServingFabric.Grains.Deployment;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Traffic;

/// <summary>
/// One in-process silo (so one front pool, one outcome collector and one feedback ledger) serving the iris MLP as
/// versions 1 and 2 of each of <see cref="Models"/>, one model per test so their outcomes never mix. Fronts ask the
/// router on every request (routing table TTL 0) and flush outcomes every 100 ms, and routers evaluate releases every
/// 200 ms; <see cref="Traffic"/> overrides a model's traffic policy when a test asks it to, and collects the reports.
/// </summary>
public sealed class TrafficClusterFixture : IAsyncLifetime
{
    public static readonly string[] Models = ["split", "faults", "delay", "mirror", "feedback", "operated", "canaried", "unsent"];

    private readonly string _repositoryPath = Path.Combine(Path.GetTempPath(), "sf-traffic-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public RouterTrafficOverride Traffic { get; } = new();

    public async Task InitializeAsync()
    {
        foreach (var model in Models)
        {
            WriteModel(model);
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ServingFabric:ModelRepository:Path"] = _repositoryPath,
                ["ServingFabric:ResponseCache:Enabled"] = "false",
                ["ServingFabric:Inference:RoutingTableTtl"] = "00:00:00",
                ["ServingFabric:Inference:OutcomeFlushInterval"] = "00:00:00.100",
                ["ServingFabric:Supervisor:ProbeInterval"] = "00:00:00.200",
            })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(Traffic);
            silo.AddIncomingGrainCallFilter<RouterTrafficFilter>();
            silo.AddServingFabric(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        // The silo loads its repository in the background; tests start once every model is deployed and ready.
        var deployer = Cluster.GetSiloServiceProvider().GetRequiredService<ModelDeployer>();
        foreach (var model in Models)
        {
            Assert.All(await deployer.LoadAsync(model, CancellationToken.None), readiness => Assert.True(readiness.Ready, readiness.Reason));
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_repositoryPath, recursive: true);
    }

    /// <summary>One iris inference through the front of <paramref name="model"/>, checked against the independent reference.</summary>
    public async Task<InferenceResponse> InferAsync(string model, int n, string? version = null, string? routingKey = null, string? id = null, DateTimeOffset? deadline = null)
    {
        var row = IrisReference.Rows(1, seed: n);
        var response = await Client.GetGrain<IInferenceFrontGrain>(model).Infer(new InferenceRequest(
            id ?? $"{model}-{n}", model, version, [TensorFactory.Create("input", [1, 4], row)], [new RequestedOutput("label")],
            Deadline: deadline, RoutingKey: routingKey));
        Assert.Equal(IrisReference.Compute(row).Label, Assert.Single(response.Outputs).ToArray<long>()[0]);
        return response;
    }

    private void WriteModel(string name)
    {
        var folder = Path.Combine(_repositoryPath, name);
        foreach (var version in new[] { "1", "2" })
        {
            Directory.CreateDirectory(Path.Combine(folder, version));
            File.WriteAllBytes(Path.Combine(folder, version, FileSystemModelRepository.ArtifactFileName), SampleModels.CreateIrisMlp());
        }

        ModelConfigJson.Write(Path.Combine(folder, FileSystemModelRepository.ConfigFileName), new ModelConfig(MaxBatchSize: 8, DefaultVersion: "1"));
    }
}

[CollectionDefinition(Name)]
public sealed class TrafficClusterCollection : ICollectionFixture<TrafficClusterFixture>
{
    public const string Name = "traffic cluster";
}
