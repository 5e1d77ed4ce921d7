using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using ServingFabric.Grains.Admission;
using ServingFabric.Grains.Tests.Clusters;
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

    private readonly FabricTestCluster _fabric;

    public AdmissionClusterFixture() => _fabric = new FabricTestCluster("admission", silos: 1)
        .WithModels(root => IrisRepository.WriteSample(root))
        .WithoutResponseCache()
        .WithRoutingTableTtl(TimeSpan.FromMilliseconds(100))
        .WithService(Held)
        .WithCallFilter<HeldReplicaCallsFilter>();

    public string RepositoryPath => _fabric.RepositoryPath;

    public InProcessTestCluster Cluster => _fabric.Cluster;

    public IClusterClient Client => _fabric.Client;

    public HeldReplicaCalls Held { get; } = new();

    /// <summary>The silo's gates, to wait until requests are in service or waiting.</summary>
    internal AdmissionGates Gates => Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredService<AdmissionGates>();

    public Task InitializeAsync() => _fabric.StartAsync();

    public async Task DisposeAsync()
    {
        Held.Release();
        await _fabric.DisposeAsync();
    }
}
