using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Admission;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Grains.Replicas;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Releases;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Tensors;
using ServingFabric.Traffic.Routing;

using static ServingFabric.Grains.Tests.Fronts.EdgeModel;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// The edge running requests with the front's request path from a route a front published, with fake time and fake
/// replicas: when it may, what it counts, and what it leaves to the front grain.
/// </summary>
public sealed class EdgeFrontsTests : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ResponseCache _cache = new(Options.Create(new ResponseCacheOptions()));
    private readonly FakeReplicaGrains _grains = new();
    private readonly OutcomeCollector _outcomes;
    private readonly EdgeAnswers _answers;
    private readonly EdgeFronts _edge;

    public EdgeFrontsTests()
    {
        var options = Options.Create(new InferenceFrontOptions());
        _outcomes = new OutcomeCollector(options, _time);
        var metrics = new ServingFabricMetrics(_services.GetRequiredService<IMeterFactory>());
        _answers = new EdgeAnswers(Ttl, _time, _cache, metrics, _outcomes);
        var replicas = new ReplicaCaller(options, _time, new ReplicaBalancer(options, _time), _outcomes, new LocalReplicas(), _grains, NullLogger<ReplicaCaller>.Instance);
        var outcomes = new FrontOutcomes(_outcomes, new FeedbackLedger(100, TimeSpan.FromMinutes(10), _time), RewardRange.Default, _time);
        var requests = new FrontRequests(options, _time, metrics, _answers, new FrontAdmission(new AdmissionGates(_time)), replicas, outcomes, NullLogger<FrontRequests>.Instance);
        _edge = new EdgeFronts(options, _answers, requests, _time);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task TryInfer_FreshFixedRoute_RunsOnAReplicaAndCountsTheOutcome()
    {
        var replica = _grains.Add("m/1/0", new FakeReplica());
        Publish(Table(revision: 3) with { Deterministic = false });

        Assert.True(_edge.TryInfer(Request("r1"), "key:test", default, out var running));
        var response = await running;

        Assert.Equal(("r1", "1", 1), (response.Id, response.ModelVersion, replica.Calls));
        var version = Assert.Single(_outcomes.For("m").TakeReport("silo", _time.GetUtcNow())!.Versions);
        Assert.Equal(("1", 1L, 0L), (version.Version, version.Requests, version.Errors));
    }

    [Fact]
    public async Task TryInfer_DeterministicModelAskedTwice_SecondAnsweredFromTheCache()
    {
        var replica = _grains.Add("m/1/0", new FakeReplica(r => Task.FromResult(
            new InferenceResponse(r.Id, r.ModelName, r.ModelVersion!, [TensorFactory.Create("y", [1, 1], new float[] { 0.5f })]))));
        Publish(Table(revision: 3));

        Assert.True(_edge.TryInfer(Request("first"), "key:test", default, out var first));
        await first;
        Assert.True(_edge.TryInfer(Request("second"), "key:test", default, out var second));

        Assert.Equal("second", (await second).Id);
        Assert.Equal(1, replica.Calls);
    }

    [Fact]
    public async Task TryInfer_InvalidInput_Refused400AndCountedAsTheCallersError()
    {
        var replica = _grains.Add("m/1/0", new FakeReplica());
        Publish(Table(revision: 3));
        var wrongShape = new InferenceRequest("bad", "m", null, [TensorFactory.Create("input", [1, 3], new float[] { 1, 2, 3 })]);

        Assert.True(_edge.TryInfer(wrongShape, "key:test", default, out var running));
        var error = await Assert.ThrowsAsync<InferenceException>(() => running);

        Assert.Equal((InferenceErrorKind.InvalidInput, 0), (error.Kind, replica.Calls));
        var version = Assert.Single(_outcomes.For("m").TakeReport("silo", _time.GetUtcNow())!.Versions);
        Assert.Equal(("1", 1L, 0L), (version.Version, version.Requests, version.Errors));
    }

    [Fact]
    public void TryInfer_EdgeRunsRequestsOff_LeavesEveryRequestToTheFront()
    {
        _grains.Add("m/1/0", new FakeReplica());
        Publish(Table(revision: 3));
        var off = new EdgeFronts(Options.Create(new InferenceFrontOptions { EdgeRunsRequests = false }), _answers, null!, _time);

        Assert.False(off.TryInfer(Request("r"), "key:test", default, out _));
    }

    [Fact]
    public void TryInfer_RouteAsOldAsTheTtl_LeavesItToTheFront()
    {
        _grains.Add("m/1/0", new FakeReplica());
        Publish(Table(revision: 3));
        _time.Advance(Ttl);

        Assert.False(_edge.TryInfer(Request("r"), "key:test", default, out _));
    }

    [Fact]
    public void TryInfer_SplitTrafficOrNothingPublished_LeavesItToTheFront()
    {
        Assert.False(_edge.TryInfer(Request("r"), "key:test", default, out _));

        Publish(Table(revision: 4) with { Traffic = new TrafficPolicy([new VersionWeight("1", 50), new VersionWeight("2", 50)]) });

        Assert.False(_edge.TryInfer(Request("r"), "key:test", default, out _));
    }

    [Fact]
    public void TryInfer_VersionTheRouteHasNoMetadataForOrDoesNotRoute_LeavesItToTheFront()
    {
        Publish(Table(revision: 3), metadata: []);
        Assert.False(_edge.TryInfer(Request("r"), "key:test", default, out _));

        Publish(Table(revision: 4));

        Assert.False(_edge.TryInfer(Request("r") with { ModelVersion = "7" }, "key:test", default, out _));
    }

    [Fact]
    public void TryInfer_NoCallerOrAnOverlongOne_LeavesItToTheFrontWhichRefusesIt()
    {
        Publish(Table(revision: 3));

        Assert.False(_edge.TryInfer(Request("r"), "", default, out _));
        Assert.False(_edge.TryInfer(Request("r"), new string('k', FrontOutcomes.MaxCallerLength + 1), default, out _));
    }

    private void Publish(RoutingTable table, Dictionary<string, ModelMetadata>? metadata = null) =>
        _answers.Publish(table, TrafficPlan.For(table), _time.GetTimestamp(), metadata ?? new Dictionary<string, ModelMetadata> { ["1"] = Metadata });
}
