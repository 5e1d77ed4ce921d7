using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Grains.Tests.ReplicaSets;

/// <summary>
/// In-process silos with silo metadata (zone, roles) serving the iris sample with <c>"replicas": {"min": 3}</c>, grain
/// state shared by all silos, and a fast supervisor. Subclasses say which silo sits in which zone.
/// </summary>
public abstract class ZoneClusterFixture : IAsyncLifetime
{
    public const string Model = "iris";

    private readonly ConcurrentDictionary<string, byte[]> _state = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Zone, string Roles)> _plan = new(StringComparer.Ordinal);

    public string RepositoryPath { get; } = Path.Combine(Path.GetTempPath(), "sf-zones-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>Zone and roles of the initial silos, by position (Silo_0, Silo_1, ...).</summary>
    protected abstract IReadOnlyList<(string Zone, string Roles)> InitialSilos { get; }

    /// <summary>Zone and roles of silos started later (the test host names them).</summary>
    public (string Zone, string Roles) LaterSilos { get; set; } = ("", "gateway,inference");

    private void PlanSilo(string siloName, string zone, string roles) => _plan[siloName] = (zone, roles);

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(RepositoryPath);
        var configPath = Path.Combine(RepositoryPath, Model, FileSystemModelRepository.ConfigFileName);
        ModelConfigJson.Write(configPath, ModelConfigJson.Read(configPath) with { Replicas = new ReplicaBounds(3, 3) });
        for (var i = 0; i < InitialSilos.Count; i++)
        {
            PlanSilo($"Silo_{i}", InitialSilos[i].Zone, InitialSilos[i].Roles);
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ServingFabric:ModelRepository:Path"] = RepositoryPath,
                ["ServingFabric:Supervisor:ProbeInterval"] = "00:00:00.200",
                ["ServingFabric:Supervisor:RouterKeepAliveInterval"] = "00:00:00.500",
            })
            .Build();
        var builder = new InProcessTestClusterBuilder((short)InitialSilos.Count);
        builder.ConfigureSilo((options, silo) =>
        {
            var (zone, roles) = _plan.GetOrAdd(options.SiloName, _ => LaterSilos);
            silo.UseSiloMetadata(new Dictionary<string, string> { ["zone"] = zone, ["roles"] = roles });
            silo.Services.AddKeyedSingleton<IGrainStorage>(ServingFabricStorage.Name,
                (services, _) => new SharedGrainStorage(_state, services.GetRequiredService<Serializer>()));
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

    public string ZoneOfSilo(string siloName) => _plan[siloName].Zone;

    /// <summary>The name (Silo_n) of the silo at <paramref name="address"/> as a replica reports it.</summary>
    public string SiloName(string address) =>
        Cluster.Silos.FirstOrDefault(s => s.SiloAddress.ToString() == address)?.Name ?? $"(gone: {address})";
}

public sealed class ThreeZoneClusterFixture : ZoneClusterFixture
{
    /// <summary>Zones a, b, c, plus a gateway-only silo in zone a.</summary>
    protected override IReadOnlyList<(string Zone, string Roles)> InitialSilos { get; } =
        [("a", "gateway,inference"), ("b", "gateway,inference"), ("c", "inference"), ("a", "gateway")];
}

public sealed class TwoZoneClusterFixture : ZoneClusterFixture
{
    protected override IReadOnlyList<(string Zone, string Roles)> InitialSilos { get; } =
        [("a", "gateway,inference"), ("b", "gateway,inference"), ("a", "gateway,inference")];
}

public sealed class SiloLossClusterFixture : ZoneClusterFixture
{
    protected override IReadOnlyList<(string Zone, string Roles)> InitialSilos { get; } =
        [("a", "gateway,inference"), ("b", "gateway,inference"), ("c", "gateway,inference")];
}
