using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ServingFabric.Grains.Tests.Clusters;

/// <summary>
/// The in-process clusters the grain tests run on, built one way: silos running <c>AddServingFabric</c> over a
/// temporary model repository, plus what a feature's tests need (settings, shared state, zones, call filters, fakes).
/// Configure, write the repository, <see cref="StartAsync"/>; disposing stops the silos and deletes the repository.
/// </summary>
internal sealed class FabricTestCluster(string name, short silos) : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly List<Action<InProcessTestSiloSpecificOptions, ISiloBuilder>> _silo = [];
    private readonly List<Action<ISiloBuilder>> _afterFabric = [];
    private bool _singleGateway;
    private bool _clientPropagatesActivities;

    /// <summary>A fresh folder per cluster, so clusters of parallel test collections never share models.</summary>
    public string RepositoryPath { get; } = Path.Combine(Path.GetTempPath(), $"sf-{name}-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>A service of the first silo.</summary>
    public T SiloService<T>() where T : notnull => Cluster.GetSiloServiceProvider().GetRequiredService<T>();

    /// <summary>Any <c>ServingFabric:*</c> setting, as configuration would carry it.</summary>
    public FabricTestCluster WithSetting(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    public FabricTestCluster WithSetting(string key, TimeSpan value) => WithSetting(key, value.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>Every request reaches a replica: no answer comes from the silo's response cache.</summary>
    public FabricTestCluster WithoutResponseCache() => WithSetting("ServingFabric:ResponseCache:Enabled", "false");

    /// <summary>How long fronts trust their routing table; zero asks the router on every request.</summary>
    public FabricTestCluster WithRoutingTableTtl(TimeSpan ttl) => WithSetting("ServingFabric:Inference:RoutingTableTtl", ttl);

    /// <summary>Supervisor rounds every 200 ms, and routers kept active every 500 ms when <paramref name="keepRoutersAlive"/>.</summary>
    public FabricTestCluster WithFastSupervisor(bool keepRoutersAlive = true)
    {
        WithSetting("ServingFabric:Supervisor:ProbeInterval", TimeSpan.FromMilliseconds(200));
        return keepRoutersAlive ? WithSetting("ServingFabric:Supervisor:RouterKeepAliveInterval", TimeSpan.FromMilliseconds(500)) : this;
    }

    /// <summary>One instance shared by every silo and the test (fakes, recorders, switches).</summary>
    public FabricTestCluster WithService<TService>(TService instance) where TService : class =>
        WithSilo(silo => silo.Services.AddSingleton(instance));

    /// <summary>A filter of incoming grain calls; it sees every replica call, as fronts then call local replicas through their grains too.</summary>
    public FabricTestCluster WithCallFilter<TFilter>() where TFilter : class, IIncomingGrainCallFilter =>
        WithSilo(silo => silo.AddIncomingGrainCallFilter<TFilter>())
            .WithSetting("ServingFabric:Inference:CallLocalReplicasDirectly", "false");

    /// <summary>
    /// Grain state shared by all silos, like production's table storage: a killed silo takes no router state with it.
    /// </summary>
    public FabricTestCluster WithSharedGrainState()
    {
        var state = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        return WithSilo(silo => silo.Services.AddKeyedSingleton<IGrainStorage>(ServingFabricStorage.Name,
            (services, _) => new SharedGrainStorage(state, services.GetRequiredService<Serializer>())));
    }

    /// <summary>Silo metadata (zone and roles) by silo name, asked once per silo as it starts.</summary>
    public FabricTestCluster WithZones(Func<string, (string Zone, string Roles)> zoneOfSilo)
    {
        _silo.Add((options, silo) =>
        {
            var (zone, roles) = zoneOfSilo(options.SiloName);
            silo.UseSiloMetadata(new Dictionary<string, string> { ["zone"] = zone, ["roles"] = roles });
        });
        return this;
    }

    /// <summary>Per-silo setup by silo name, before <c>AddServingFabric</c> (so it keeps what is registered here).</summary>
    public FabricTestCluster WithEachSilo(Action<string, ISiloBuilder> configure)
    {
        _silo.Add((options, silo) => configure(options.SiloName, silo));
        return this;
    }

    /// <summary>Setup after <c>AddServingFabric</c>: replacing one of its services with a fake.</summary>
    public FabricTestCluster AfterFabric(Action<ISiloBuilder> configure)
    {
        _afterFabric.Add(configure);
        return this;
    }

    /// <summary>Only Silo_0 is a client gateway: the client's calls (and so the fronts) run there, other silos may die.</summary>
    public FabricTestCluster WithSingleGateway()
    {
        _singleGateway = true;
        return this;
    }

    /// <summary>The client's calls carry the caller's trace (silos always propagate it: <c>AddServingFabric</c> does).</summary>
    public FabricTestCluster WithClientActivityPropagation()
    {
        _clientPropagatesActivities = true;
        return this;
    }

    /// <summary>Writes models into <see cref="RepositoryPath"/> before the silos start (see <see cref="IrisRepository"/>).</summary>
    public FabricTestCluster WithModels(Action<string> write)
    {
        Directory.CreateDirectory(RepositoryPath);
        write(RepositoryPath);
        return this;
    }

    public async Task StartAsync()
    {
        Directory.CreateDirectory(RepositoryPath);
        _settings["ServingFabric:ModelRepository:Path"] = RepositoryPath;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        if (_singleGateway)
        {
            builder.Options.GatewayPerSilo = false;
        }

        if (_clientPropagatesActivities)
        {
            builder.ConfigureClient(client => client.AddActivityPropagation());
        }

        builder.ConfigureSilo((options, silo) =>
        {
            // Before AddServingFabric: it keeps services already registered (grain storage, resource readers).
            foreach (var configure in _silo)
            {
                configure(options, silo);
            }

            silo.AddServingFabric(configuration);
            foreach (var configure in _afterFabric)
            {
                configure(silo);
            }
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Directory.Exists(RepositoryPath))
        {
            Directory.Delete(RepositoryPath, recursive: true);
        }
    }

    private FabricTestCluster WithSilo(Action<ISiloBuilder> configure)
    {
        _silo.Add((_, silo) => configure(silo));
        return this;
    }
}
