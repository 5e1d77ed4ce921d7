using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Runtime.Engines;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Replicas;

/// <summary>
/// One silo, iris with two replicas sharing one session, every engine run held on demand, attempts of 300 ms: a request
/// waiting on a held run of a local replica is given up on after the attempt timeout, retried once on the other,
/// and answered 503 naming both attempts, long before its one-minute deadline.
/// </summary>
public sealed class LocalReplicaTimeoutTests(LocalReplicaTimeoutTests.Fixture fixture) : IClassFixture<LocalReplicaTimeoutTests.Fixture>
{
    private const string Model = "iris";

    [Fact]
    public async Task Infer_LocalReplicaBusyPastTheAttemptTimeout_RetriedThenAnswered503BeforeTheDeadline()
    {
        var edge = fixture.Fabric.SiloService<IEdgeFronts>();
        await fixture.InferThroughTheFrontAsync(1);
        fixture.Hold.Hold();
        try
        {
            var held = OnThePool(() => Start(edge, "held"));
            await fixture.Hold.ArrivedAsync().WaitAsync(TimeSpan.FromSeconds(30));

            var queued = await OnThePool(() => Start(edge, "queued"));
            var error = await Assert.ThrowsAsync<InferenceException>(() => queued.WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
            Assert.Contains("no answer in time; then no answer in time", error.Message, StringComparison.Ordinal);
            fixture.Hold.Release();

            // The held request ends too (answered if it ran inline, else given up on like the queued one), and the
            // model serves again once its run is released: nothing stays wedged.
            await Record.ExceptionAsync(async () => await (await held.WaitAsync(TimeSpan.FromSeconds(30))).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal("after", (await Start(edge, "after").WaitAsync(TimeSpan.FromSeconds(30))).Id);
        }
        finally
        {
            fixture.Hold.Release();
        }
    }

    // Started on a pool thread and not unwrapped: the outer task ends when the edge returns the request's task.
    private static Task<Task<InferenceResponse>> OnThePool(Func<Task<InferenceResponse>> start) =>
        Task.Factory.StartNew(start, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);

    // The edge runs the request on this thread (a lone request inline): a held run holds it, as it would hold Kestrel's.
    private static Task<InferenceResponse> Start(IEdgeFronts edge, string id)
    {
        var row = IrisReference.Rows(1, seed: 5);
        var request = new InferenceRequest(id, Model, null, [TensorFactory.Create("input", [1, 4], row)], [new RequestedOutput("label")])
        {
            Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
        };
        Assert.True(edge.TryInfer(request, "key:test", CancellationToken.None, out var running), "the edge had no fresh route");
        return running;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public Fixture() => Fabric = new FabricTestCluster("local-timeouts", silos: 1)
            .WithModels(root => IrisRepository.WriteSample(root, Model, config => config with { Replicas = new ReplicaBounds(2, 2) }))
            .WithoutResponseCache()
            .WithFastSupervisor()
            .WithRoutingTableTtl(TimeSpan.FromMinutes(5))
            .WithSetting("ServingFabric:Inference:AttemptTimeout", TimeSpan.FromMilliseconds(300))
            .WithService(Hold)
            .AfterFabric(silo =>
            {
                silo.Services.RemoveAll<IInferenceEngineFactory>();
                silo.Services.AddSingleton<IInferenceEngineFactory, HeldEngineFactory>();
            });

        public EngineHold Hold { get; } = new();

        internal FabricTestCluster Fabric { get; }

        public Task InitializeAsync() => Fabric.StartAsync();

        public async Task DisposeAsync()
        {
            Hold.Release();
            await Fabric.DisposeAsync();
            Hold.Dispose();
        }

        /// <summary>Requests through the front grain until both replicas are loaded; the front publishes its route to the edge.</summary>
        public async Task InferThroughTheFrontAsync(int n)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            foreach (var index in new[] { 0, 1 })
            {
                await Fabric.Client.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(Model, "1", index)).EnsureLoaded(deadline.Token);
            }

            var row = IrisReference.Rows(1, seed: n);
            await Fabric.Client.GetGrain<IInferenceFrontGrain>(Model).Infer(new InferenceRequest(
                $"warm{n}", Model, null, [TensorFactory.Create("input", [1, 4], row)], [new RequestedOutput("label")]));
        }
    }
}
