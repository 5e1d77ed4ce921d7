using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ServingFabric.Grains.Admission;
using ServingFabric.Samples;

namespace ServingFabric.Grains.Tests.Admission;

/// <summary>
/// One in-process silo serving the iris sample (admission limits are per silo, so one silo makes the counts exact),
/// with replica calls that a test can hold (<see cref="Held"/>), the response cache off (so every request reaches the
/// gate) and a short routing-table TTL (so new limits reach the front quickly).
/// </summary>
public sealed class AdmissionClusterFixture : IAsyncLifetime
{
    public const string Model = SampleModels.IrisModelName;

    public string RepositoryPath { get; } = Path.Combine(Path.GetTempPath(), "sf-admission-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public HeldReplicaCalls Held { get; } = new();

    /// <summary>The silo's gates, to wait until requests are in service or waiting.</summary>
    internal AdmissionGates Gates => Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredService<AdmissionGates>();

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(RepositoryPath);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ServingFabric:ModelRepository:Path"] = RepositoryPath,
                ["ServingFabric:ResponseCache:Enabled"] = "false",
                ["ServingFabric:Inference:RoutingTableTtl"] = "00:00:00.100",
            })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(Held);
            silo.AddIncomingGrainCallFilter<HeldReplicaCallsFilter>();
            silo.AddServingFabric(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        Held.Release();
        await Cluster.DisposeAsync();
        Directory.Delete(RepositoryPath, recursive: true);
    }
}
