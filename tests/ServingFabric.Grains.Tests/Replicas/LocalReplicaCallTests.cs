using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Replicas;

/// <summary>
/// One silo serving iris with two replicas, both on the front's silo: once loaded, a front runs requests on them
/// directly, not through a grain call (the counting filter below sees grain calls only).
/// </summary>
public sealed class LocalReplicaCallTests(LocalReplicaCallTests.Fixture fixture) : IClassFixture<LocalReplicaCallTests.Fixture>
{
    private const string Model = "iris";

    [Fact]
    public async Task Infer_ReplicasOnTheFrontsSilo_AnsweredWithoutReplicaGrainCalls()
    {
        await fixture.WaitUntilLoadedAsync();
        var grainCallsBefore = fixture.Counter.Calls;

        for (var n = 0; n < 40; n++)
        {
            await fixture.InferAndCheckAsync(n);
        }

        Assert.Equal(grainCallsBefore, fixture.Counter.Calls);
    }

    [Fact]
    public async Task Infer_LocalReplicaUnloadedUnderTraffic_EveryRequestAnswered()
    {
        await fixture.WaitUntilLoadedAsync();
        var traffic = Enumerable.Range(100, 60).Select(async n =>
        {
            await Task.Yield();
            await fixture.InferAndCheckAsync(n);
        }).ToList();

        await fixture.Client.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(Model, "1", 0)).Unload();
        await Task.WhenAll(traffic);
        for (var n = 200; n < 240; n++)
        {
            await fixture.InferAndCheckAsync(n);
        }

        await fixture.WaitUntilLoadedAsync();
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly FabricTestCluster _fabric;

        public Fixture() => _fabric = new FabricTestCluster("local-replicas", silos: 1)
            .WithModels(root => IrisRepository.WriteSample(root, Model, config => config with { Replicas = new ReplicaBounds(2, 2) }))
            .WithoutResponseCache()
            .WithFastSupervisor()
            .WithService(Counter)
            .WithEachSilo((_, silo) => silo.AddIncomingGrainCallFilter<ReplicaInferCounter>());

        public ReplicaInferCalls Counter { get; } = new();

        public IClusterClient Client => _fabric.Client;

        public Task InitializeAsync() => _fabric.StartAsync();

        public async Task DisposeAsync() => await _fabric.DisposeAsync();

        public async Task InferAndCheckAsync(int n)
        {
            var row = IrisReference.Rows(1, seed: n);
            var response = await Client.GetGrain<IInferenceFrontGrain>(Model).Infer(new InferenceRequest(
                $"r{n}", Model, null, [TensorFactory.Create("input", [1, 4], row)], [new RequestedOutput("label")]));
            Assert.Equal(IrisReference.Compute(row).Label, Assert.Single(response.Outputs).ToArray<long>()[0]);
        }

        /// <summary>Waits until both replicas report their model loaded (asked through their grains).</summary>
        public async Task WaitUntilLoadedAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            foreach (var index in new[] { 0, 1 })
            {
                var status = await Client.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(Model, "1", index)).EnsureLoaded(deadline.Token);
                Assert.True(status.State == ReplicaState.Ready, $"replica {index}: {status.State} {status.Error}");
            }
        }
    }
}

/// <summary>Replica grain Infer calls seen by the silos' incoming filters.</summary>
public sealed class ReplicaInferCalls
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Count() => Interlocked.Increment(ref _calls);
}

internal sealed class ReplicaInferCounter(ReplicaInferCalls calls) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IModelReplicaGrain) && context.InterfaceMethod.Name == nameof(IModelReplicaGrain.Infer))
        {
            calls.Count();
        }

        return context.Invoke();
    }
}
