using Orleans.TestingHost;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Grains.Tests.Supervision;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Fronts;

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

    private readonly FabricTestCluster _fabric;

    public LoadBalancingClusterFixture() => _fabric = new FabricTestCluster("balancing", silos: 3)
        .WithModels(root => IrisRepository.WriteSample(root, Model, config => config with { Replicas = new ReplicaBounds(Replicas, Replicas) }))
        .WithoutResponseCache()
        .WithFastSupervisor()
        .WithSetting("ServingFabric:Inference:StatusRefreshInterval", TimeSpan.FromMilliseconds(200))
        .WithSetting("ServingFabric:Inference:OutlierDetection:BaseEjectionTime", TimeSpan.FromMinutes(5))
        .WithSetting("ServingFabric:Inference:OutlierDetection:MaxEjectionTime", TimeSpan.FromMinutes(10))
        .WithSingleGateway()
        .WithSharedGrainState()
        .WithService(Faults)
        .WithCallFilter<ReplicaFaultFilter>();

    public string RepositoryPath => _fabric.RepositoryPath;

    public InProcessTestCluster Cluster => _fabric.Cluster;

    public IClusterClient Client => _fabric.Client;

    public ReplicaFaults Faults { get; } = new();

    public Task InitializeAsync() => _fabric.StartAsync();

    public async Task DisposeAsync() => await _fabric.DisposeAsync();

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
