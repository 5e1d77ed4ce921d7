using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Tensors;
using ServingFabric.Traffic.Routing;
using static ServingFabric.Grains.Tests.Fronts.FrontTables;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>The front's side of the one cache-hit path: what it looks up, stores and counts, and that the gateway's side finds it.</summary>
public sealed class EdgeAnswersFrontPathTests : IDisposable
{
    private static readonly ModelMetadata Metadata = new(
        "m", "1", "onnx", [new TensorMetadata("input", TensorDataType.Fp32, [-1, 4])], [new TensorMetadata("y", TensorDataType.Fp32, [-1, 1])], 8);

    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ResponseCache _cache = new(Options.Create(new ResponseCacheOptions()));
    private readonly EdgeAnswers _answers;

    public EdgeAnswersFrontPathTests() =>
        _answers = new EdgeAnswers(TimeSpan.FromSeconds(1), _time, _cache, new ServingFabricMetrics(_services.GetRequiredService<IMeterFactory>()),
            new OutcomeCollector(Options.Create(new InferenceFrontOptions()), _time));

    public void Dispose() => _services.Dispose();

    [Fact]
    public void TryAnswer_NonDeterministicModel_NoKeyAndNoLookup()
    {
        Assert.False(_answers.TryAnswer(Table(deterministic: false), "1", Request("r1"), out var key, out _));

        Assert.Null(key);
        Assert.Equal((0L, 0L), (_cache.Hits, _cache.Misses));
    }

    [Fact]
    public void TryAnswer_AnswerRememberedAfterAMiss_NextLookupHitsWithTheCallersId()
    {
        var table = Table(deterministic: true);
        Assert.False(_answers.TryAnswer(table, "1", Request("first"), out var key, out _));
        _answers.Remember(key, Answer("first"));

        Assert.True(_answers.TryAnswer(table, "1", Request("second"), out _, out var cached));

        Assert.Equal("second", cached.Id);
        Assert.Equal((1L, 1L), (_cache.Hits, _cache.Misses));
    }

    [Fact]
    public void TryAnswer_AnswerTheFrontRemembered_TheGatewayFindsItUnderTheSameKey()
    {
        var table = Table(deterministic: true);
        _answers.Publish(table, TrafficPlan.For(table), _time.GetTimestamp(), new Dictionary<string, ModelMetadata> { ["1"] = Metadata });
        _answers.TryAnswer(table, "1", Request("first"), out var key, out _);
        _answers.Remember(key, Answer("first"));

        Assert.True(_answers.TryAnswer(Request("edge"), out var answer));

        Assert.Equal(("edge", 1L), (answer.Id, _answers.Answered));
    }

    [Fact]
    public void TryAnswer_GatewayMiss_LeftToTheFrontWhichCountsTheOnlyMiss()
    {
        var table = Table(deterministic: true);
        _answers.Publish(table, TrafficPlan.For(table), _time.GetTimestamp(), new Dictionary<string, ModelMetadata> { ["1"] = Metadata });

        Assert.False(_answers.TryAnswer(Request("edge"), out _));
        Assert.False(_answers.TryAnswer(table, "1", Request("front"), out _, out _));

        Assert.Equal((0L, 1L, 0L), (_cache.Hits, _cache.Misses, _answers.Answered));
    }

    [Fact]
    public void TryAnswer_GatewayHitInvalidAgainstThePublishedMetadata_LeftToTheFrontAndNotCounted()
    {
        var table = Table(deterministic: true);
        _answers.TryAnswer(table, "1", Request("first"), out var key, out _);
        _answers.Remember(key, Answer("first"));
        var wider = Metadata with { Inputs = [new TensorMetadata("input", TensorDataType.Fp32, [-1, 5])] };
        _answers.Publish(table, TrafficPlan.For(table), _time.GetTimestamp(), new Dictionary<string, ModelMetadata> { ["1"] = wider });

        Assert.False(_answers.TryAnswer(Request("edge"), out var answer));

        Assert.Null(answer);
        Assert.Equal(0L, _answers.Answered);
    }

    [Fact]
    public void Remember_NoKey_StoresNothing()
    {
        _answers.Remember(null, Answer("first"));

        Assert.Equal(0, _cache.Count);
    }

    private static InferenceResponse Answer(string id) => new(id, "m", "1", [TensorFactory.Create("y", [1, 1], new float[] { 0.5f })]);

    private static InferenceRequest Request(string id) => new(id, "m", null, [TensorFactory.Create("input", [1, 4], new float[] { 1, 2, 3, 4 })]);
}
