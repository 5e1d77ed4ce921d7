using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Grains.Tests.Fronts;
using ServingFabric.Grains.Tests.Supervision;
using ServingFabric.Hosting.Tracing;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Tracing;

/// <summary>
/// Two in-process silos, the client's calls (and so the fronts) on Silo_0 only, two models with one replica per silo:
/// <see cref="Model"/> and <see cref="FaultyModel"/>, whose replicas a test fails or holds through <see cref="Faults"/>.
/// A tracer with an in-memory exporter listens to every source a silo's tracer does, plus the test's own root spans.
/// </summary>
public sealed class TracingClusterFixture : IAsyncLifetime
{
    public const string Model = "traced";
    public const string FaultyModel = "traced-faulty";
    /// <summary>The silo of the only gateway, where the client's calls and so the fronts run.</summary>
    public const string FrontSilo = "Silo_0";
    public const string TestSourceName = "ServingFabric.Tests.Tracing";

    private static readonly ActivitySource TestSource = new(TestSourceName);
    private readonly SpanRecorder _spans = new();
    private readonly FabricTestCluster _fabric;
    private TracerProvider? _tracer;

    public TracingClusterFixture() => _fabric = new FabricTestCluster("tracing", silos: 2)
        .WithModels(root =>
        {
            IrisRepository.WriteSample(root, Model, config => config with { Replicas = new ReplicaBounds(2, 2) });
            IrisRepository.WriteSample(root, FaultyModel, config => config with { Replicas = new ReplicaBounds(2, 2) });
        })
        .WithoutResponseCache()
        .WithFastSupervisor()
        .WithSingleGateway()
        .WithClientActivityPropagation()
        .WithService(Faults)
        .WithCallFilter<ReplicaFaultFilter>();

    public ReplicaFaults Faults { get; } = new();

    public IClusterClient Client => _fabric.Client;

    public async Task InitializeAsync()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource([.. TracingRegistration.Sources, TestSourceName])
            .AddInMemoryExporter(_spans)
            .Build();
        await _fabric.StartAsync();
        await WaitUntilSpreadAsync(Model);
        await WaitUntilSpreadAsync(FaultyModel);
    }

    public async Task DisposeAsync()
    {
        await _fabric.DisposeAsync();
        _tracer?.Dispose();
    }

    /// <summary>
    /// One iris request to <paramref name="model"/> under a root span of the test's own; returns the trace id after
    /// checking the answer against the independent reference.
    /// </summary>
    public async Task<ActivityTraceId> InferTracedAsync(string model, int n)
    {
        using var root = TestSource.StartActivity("test request") ?? throw new InvalidOperationException("the test's tracer does not listen");
        var row = IrisReference.Rows(1, seed: n);
        var response = await Client.GetGrain<IInferenceFrontGrain>(model).Infer(new InferenceRequest(
            $"t{n}", model, null, [TensorFactory.Create("input", [1, 4], row)], [new RequestedOutput("label")]), "test");
        Assert.Equal(IrisReference.Compute(row).Label, Assert.Single(response.Outputs).ToArray<long>()[0]);
        return root.TraceId;
    }

    /// <summary>Waits until the router reports both replicas of <paramref name="model"/> healthy, on different silos.</summary>
    private async Task WaitUntilSpreadAsync(string model)
    {
        var router = Client.GetGrain<IModelRouterGrain>(model);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        ModelStatus? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await router.GetStatus();
            var replicas = last?.Versions.Single(v => v.Version == "1").Replicas;
            if (replicas is { Count: 2 } && replicas.All(r => r.Health == ReplicaHealth.Healthy && r.Silo is not null)
                && replicas.Select(r => r.Silo).Distinct().Count() == 2)
            {
                return;
            }

            // The supervisor runs a round every 200 ms: this waits on its rounds, not on time.
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"{model}: replicas not healthy on two silos within 60 s; last view: {ReplicaSpread.Describe(last)}");
    }

    /// <summary>
    /// The spans of <paramref name="trace"/> once the test's root span and every span under it have ended (spans end
    /// as their calls unwind: the batcher's after the batch, Orleans' after the response is delivered).
    /// </summary>
    public async Task<IReadOnlyList<Activity>> SpansOfAsync(ActivityTraceId trace, Func<IReadOnlyList<Activity>, bool> complete)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            _tracer!.ForceFlush();
            var spans = _spans.Of(trace);

            if (complete(spans) || deadline.IsCancellationRequested)
            {
                return spans;
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
