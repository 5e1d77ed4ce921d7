using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using ServingFabric.Grains.Tests.ReplicaSets;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.LoadBalancing;

/// <summary>
/// Three in-process silos serving iris with three replicas (one per silo), grain state shared by all silos (so a
/// killed silo takes no router state with it), <see cref="ReplicaFaults"/> on every replica call, and a gateway on
/// Silo_0 only: the client's calls, and so the fronts, always run there, and any other silo may be killed.
/// Ejections last 5 minutes, so no probe lets an ejected replica back during a test.
/// </summary>
public sealed class LoadBalancingClusterFixture : IAsyncLifetime
{
    public const string Model = "iris";
    public const int Replicas = 3;

    private readonly ConcurrentDictionary<string, byte[]> _state = new(StringComparer.Ordinal);

    public string RepositoryPath { get; } = Path.Combine(Path.GetTempPath(), "sf-balancing-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public ReplicaFaults Faults { get; } = new();

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(RepositoryPath);
        var configPath = Path.Combine(RepositoryPath, Model, FileSystemModelRepository.ConfigFileName);
        ModelConfigJson.Write(configPath, ModelConfigJson.Read(configPath) with { Replicas = new ReplicaBounds(Replicas, Replicas) });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ServingFabric:ModelRepository:Path"] = RepositoryPath,
                ["ServingFabric:ResponseCache:Enabled"] = "false",
                ["ServingFabric:Supervisor:ProbeInterval"] = "00:00:00.200",
                ["ServingFabric:Supervisor:RouterKeepAliveInterval"] = "00:00:00.500",
                ["ServingFabric:Inference:StatusRefreshInterval"] = "00:00:00.200",
                ["ServingFabric:Inference:OutlierDetection:BaseEjectionTime"] = "00:05:00",
                ["ServingFabric:Inference:OutlierDetection:MaxEjectionTime"] = "00:10:00",
            })
            .Build();
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.GatewayPerSilo = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(ServingFabricStorage.Name,
                (services, _) => new SharedGrainStorage(_state, services.GetRequiredService<Serializer>()));
            silo.Services.AddSingleton(Faults);
            silo.AddIncomingGrainCallFilter<ReplicaFaultFilter>();
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

    public static string ReplicaKeyOf(int index) => ReplicaKey.Format(Model, "1", index);

    /// <summary>One iris inference through the front, checked against the independent reference.</summary>
    public async Task InferAsync(int n)
    {
        var row = IrisReference.Rows(1, seed: n);
        var response = await Client.GetGrain<IInferenceFrontGrain>(Model).Infer(new InferenceRequest(
            $"r{n}", Model, null, [TensorFactory.Create("input", [1, 4], row)], [new RequestedOutput("label")]));
        Assert.Equal(IrisReference.Compute(row).Label, Assert.Single(response.Outputs).ToArray<long>()[0]);
    }

    /// <summary>Waits until the router reports every replica healthy, each on its own silo; returns the silo of each.</summary>
    public async Task<IReadOnlyList<string>> WaitUntilSpreadAndHealthyAsync()
    {
        var router = Client.GetGrain<IModelRouterGrain>(Model);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        ModelStatus? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await router.GetStatus();
            var replicas = last?.Versions.Single(v => v.Version == "1").Replicas;
            if (replicas is { Count: Replicas } && replicas.All(r => r.Health == ReplicaHealth.Healthy && r.Silo is not null)
                && replicas.Select(r => r.Silo).Distinct().Count() == Replicas)
            {
                return replicas.Select(r => r.Silo!).ToList();
            }

            // The supervisor probes every 200 ms: this waits on its rounds, not on time.
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"replicas not healthy on three silos within 60 s; last view: {ReplicaSpread.Describe(last)}");
    }

    /// <summary>Waits until the router's event log holds an event of <paramref name="kind"/> for <paramref name="replicaKey"/>.</summary>
    public async Task<ModelEvent> WaitForEventAsync(ModelEventKind kind, string replicaKey)
    {
        var router = Client.GetGrain<IModelRouterGrain>(Model);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!deadline.IsCancellationRequested)
        {
            if ((await router.GetEvents(0)).FirstOrDefault(e => e.Kind == kind && e.ReplicaKey == replicaKey) is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"no {kind} event for {replicaKey} within 30 s; events: {string.Join("; ", (await router.GetEvents(0)).Select(e => $"{e.Kind} {e.Message}"))}");
    }
}
