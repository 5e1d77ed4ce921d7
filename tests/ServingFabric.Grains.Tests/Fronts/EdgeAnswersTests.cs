using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Outcomes;
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

/// <summary>The gateway's cache answers on their own, with fake time: freshness, revisions, policies, outcomes.</summary>
public sealed class EdgeAnswersTests : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ResponseCache _cache = new(Options.Create(new ResponseCacheOptions()));
    private readonly OutcomeCollector _outcomes;
    private readonly EdgeAnswers _edge;

    public EdgeAnswersTests()
    {
        _outcomes = new OutcomeCollector(Options.Create(new InferenceFrontOptions()), _time);
        _edge = new EdgeAnswers(Ttl, _time, _cache, new ServingFabricMetrics(_services.GetRequiredService<IMeterFactory>()), _outcomes);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void TryAnswer_CachedRequestUnderAFreshTable_AnswersAndRecordsTheOutcome()
    {
        Publish(Table(revision: 3));
        Store(revision: 3);

        Assert.True(_edge.TryAnswer(Request("caller"), out var answer));

        Assert.Equal("caller", answer.Id);
        var version = Assert.Single(_outcomes.For("m").TakeReport("silo", _time.GetUtcNow())!.Versions);
        Assert.Equal(("1", 1L, 0L), (version.Version, version.Requests, version.Errors));
    }

    [Fact]
    public void TryAnswer_TableAsOldAsTheTtl_LeavesItToTheFront()
    {
        Publish(Table(revision: 3));
        Store(revision: 3);
        _time.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        Assert.True(_edge.TryAnswer(Request("young"), out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(_edge.TryAnswer(Request("old"), out _));
    }

    [Fact]
    public void Publish_OlderRevisionWhileTheNewerIsFresh_KeepsTheNewer()
    {
        Publish(Table(revision: 4));
        Publish(Table(revision: 3));
        Store(revision: 3);

        Assert.False(_edge.TryAnswer(Request("r"), out _));
        Store(revision: 4);
        Assert.True(_edge.TryAnswer(Request("r"), out _));
    }

    [Fact]
    public void Publish_OlderRevisionOnceTheNewerWentStale_TakesIt()
    {
        Publish(Table(revision: 4));
        _time.Advance(Ttl);
        Publish(Table(revision: 3));
        Store(revision: 3);

        Assert.True(_edge.TryAnswer(Request("r"), out _));
    }

    [Fact]
    public void Publish_TableWithASplitOrUnloaded_WithdrawsTheModel()
    {
        var split = Table(revision: 5) with { Traffic = new TrafficPolicy([new VersionWeight("1", 50), new VersionWeight("2", 50)]) };
        foreach (var table in new[] { split, Table(revision: 5) with { Loaded = false } })
        {
            Publish(Table(revision: 5));
            Assert.Equal(1, _edge.Count);

            Publish(table);

            Assert.Equal(0, _edge.Count);
        }
    }

    [Fact]
    public void TryAnswer_NotDeterministicModel_PublishedButNeverAnswered()
    {
        Publish(Table(revision: 5) with { Deterministic = false });
        Store(revision: 5);

        Assert.Equal(1, _edge.Count);
        Assert.False(_edge.TryAnswer(Request("r"), out _));
    }

    [Fact]
    public void TryAnswer_VersionWhoseMetadataTheFrontHasNot_LeavesItToTheFront()
    {
        Publish(Table(revision: 3), metadata: []);
        Store(revision: 3);

        Assert.False(_edge.TryAnswer(Request("r"), out _));
    }

    [Fact]
    public void TryAnswer_CacheDisabled_NeverAnswers()
    {
        var disabled = new ResponseCache(Options.Create(new ResponseCacheOptions { Enabled = false }));
        var edge = new EdgeAnswers(Ttl, _time, disabled, new ServingFabricMetrics(_services.GetRequiredService<IMeterFactory>()), _outcomes);
        var table = Table(revision: 3);
        edge.Publish(table, TrafficPlan.For(table), _time.GetTimestamp(), new Dictionary<string, ModelMetadata> { ["1"] = Metadata });
        disabled.TryAdd(Key(3), Answer());

        Assert.False(edge.TryAnswer(Request("r"), out _));
    }

    private void Publish(RoutingTable table, Dictionary<string, ModelMetadata>? metadata = null) =>
        _edge.Publish(table, TrafficPlan.For(table), _time.GetTimestamp(), metadata ?? new Dictionary<string, ModelMetadata> { ["1"] = Metadata });

    private void Store(long revision) => Assert.True(_cache.TryAdd(Key(revision), Answer()));

    private static ResponseCacheKey Key(long revision) => ResponseCacheKey.Create("m", "1", revision, Request("any").Inputs, null);

    private static InferenceResponse Answer() => new("first", "m", "1", [TensorFactory.Create("y", [1, 1], new float[] { 0.5f })]);
}
