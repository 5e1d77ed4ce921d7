using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using ServingFabric.Grains.Tests.Clusters;
using ServingFabric.Grains.Tests.Fronts;
using ServingFabric.Hosting.Tracing;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests.Tracing;

/// <summary>
/// Two in-process silos, the client's calls (and so the fronts) on Silo_0 only, two models with one replica per silo:
/// <see cref="Model"/> healthy, <see cref="FaultyModel"/> whose replica 0 fails every call (so its requests retry).
/// A tracer with an in-memory exporter listens to every source a silo's tracer does, plus the test's own root spans.
/// </summary>
public sealed class TracingClusterFixture : IAsyncLifetime
{
    public const string Model = "traced";
    public const string FaultyModel = "traced-faulty";
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
        Faults.Fail(ReplicaKey.Format(FaultyModel, "1", 0));
        await _fabric.StartAsync();
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
