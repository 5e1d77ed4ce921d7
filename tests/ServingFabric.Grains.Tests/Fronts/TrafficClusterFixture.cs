using Orleans.TestingHost;
using ServingFabric.Grains.Deployment;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// One in-process silo (so one front pool, one outcome collector and one feedback ledger) serving the iris MLP as
/// versions 1 and 2 of each of <see cref="Models"/>, one model per test so their outcomes never mix. Fronts ask the
/// router on every request (routing table TTL 0) and flush outcomes every 100 ms, and routers evaluate releases every
/// 200 ms; <see cref="Traffic"/> overrides a model's traffic policy when a test asks it to, and collects the reports.
/// </summary>
public sealed class TrafficClusterFixture : IAsyncLifetime
{
    public static readonly string[] Models = ["split", "faults", "delay", "mirror", "feedback", "feedback-bound", "operated", "canaried", "unsent", "stalled"];

    private readonly FabricTestCluster _fabric;

    public TrafficClusterFixture() => _fabric = new FabricTestCluster("traffic", silos: 1)
        .WithModels(root =>
        {
            foreach (var model in Models)
            {
                IrisRepository.WriteModel(root, model, new ModelConfig(MaxBatchSize: 8, DefaultVersion: "1"), "1", "2");
            }
        })
        .WithoutResponseCache()
        .WithRoutingTableTtl(TimeSpan.Zero)
        .WithSetting("ServingFabric:Inference:OutcomeFlushInterval", TimeSpan.FromMilliseconds(100))
        .WithFastSupervisor(keepRoutersAlive: false)
        .WithService(Traffic)
        .WithCallFilter<RouterTrafficFilter>();

    public InProcessTestCluster Cluster => _fabric.Cluster;

    public IClusterClient Client => _fabric.Client;

    public RouterTrafficOverride Traffic { get; } = new();

    public async Task InitializeAsync()
    {
        await _fabric.StartAsync();

        // The silo loads its repository in the background; tests start once every model is deployed and ready.
        var deployer = _fabric.SiloService<ModelDeployer>();
        foreach (var model in Models)
        {
            Assert.All(await deployer.LoadAsync(model, CancellationToken.None), readiness => Assert.True(readiness.Ready, readiness.Reason));
        }
    }

    public async Task DisposeAsync() => await _fabric.DisposeAsync();

    /// <summary>One iris inference through the front of <paramref name="model"/>, checked against the independent reference.</summary>
    public async Task<InferenceResponse> InferAsync(
        string model, int n, string? version = null, string? routingKey = null, string? id = null, DateTimeOffset? deadline = null, string caller = FrontTestCalls.Caller)
    {
        var row = IrisReference.Rows(1, seed: n);
        var response = await Client.GetGrain<IInferenceFrontGrain>(model).Infer(new InferenceRequest(
            id ?? $"{model}-{n}", model, version, [TensorFactory.Create("input", [1, 4], row)], [new RequestedOutput("label")],
            Deadline: deadline, RoutingKey: routingKey), caller);
        Assert.Equal(IrisReference.Compute(row).Label, Assert.Single(response.Outputs).ToArray<long>()[0]);
        return response;
    }
}

[CollectionDefinition(Name)]
public sealed class TrafficClusterCollection : ICollectionFixture<TrafficClusterFixture>
{
    public const string Name = "traffic cluster";
}
