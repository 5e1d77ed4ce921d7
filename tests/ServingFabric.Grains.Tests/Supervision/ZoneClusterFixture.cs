using System.Collections.Concurrent;
using Orleans.TestingHost;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Supervision;

/// <summary>
/// In-process silos with silo metadata (zone, roles) serving the iris sample with <c>"replicas": {"min": 3}</c>, grain
/// state shared by all silos, and a fast supervisor. Subclasses say which silo sits in which zone.
/// </summary>
public abstract class ZoneClusterFixture : IAsyncLifetime
{
    public const string Model = "iris";

    private readonly ConcurrentDictionary<string, (string Zone, string Roles)> _plan = new(StringComparer.Ordinal);
    private FabricTestCluster _fabric = null!;

    public string RepositoryPath => _fabric.RepositoryPath;

    public InProcessTestCluster Cluster => _fabric.Cluster;

    public IClusterClient Client => _fabric.Client;

    /// <summary>Zone and roles of the initial silos, by position (Silo_0, Silo_1, ...).</summary>
    protected abstract IReadOnlyList<(string Zone, string Roles)> InitialSilos { get; }

    /// <summary>Zone and roles of silos started later (the test host names them).</summary>
    public (string Zone, string Roles) LaterSilos { get; set; } = ("", "gateway,inference");

    public async Task InitializeAsync()
    {
        for (var i = 0; i < InitialSilos.Count; i++)
        {
            _plan[$"Silo_{i}"] = InitialSilos[i];
        }

        _fabric = new FabricTestCluster("zones", (short)InitialSilos.Count)
            .WithModels(root => IrisRepository.WriteSample(root, Model, config => config with { Replicas = new ReplicaBounds(3, 3) }))
            .WithFastSupervisor()
            .WithZones(siloName => _plan.GetOrAdd(siloName, _ => LaterSilos))
            .WithSharedGrainState();
        await _fabric.StartAsync();
    }

    public async Task DisposeAsync() => await _fabric.DisposeAsync();

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
