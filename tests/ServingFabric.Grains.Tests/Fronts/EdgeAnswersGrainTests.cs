using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;
using static ServingFabric.Grains.Tests.Fronts.ResponseCacheClusterFixture;

namespace ServingFabric.Grains.Tests.Fronts;

[Collection(EdgeAnswersClusterCollection.Name)]
public sealed class EdgeAnswersGrainTests(EdgeAnswersClusterFixture fixture)
{
    [Fact]
    public async Task TryAnswer_RepeatOfWhatTheFrontAnswered_AnswersWithTheCallersIdAndCountsAHit()
    {
        await fixture.Deployer.LoadAsync(Cached, CancellationToken.None);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Cached);
        using var meters = new ModelMeterRecorder(Cached, fixture.Meters);
        var row = IrisReference.Rows(1, seed: 21);
        var first = await front.Infer(Request("first", Cached, row));
        var hitsBefore = fixture.Cache.Hits;

        Assert.True(fixture.Edge.TryAnswer(Request("second", Cached, row), out var second));

        Assert.Equal("second", second.Id);
        Assert.Equal(first.ModelVersion, second.ModelVersion);
        Assert.Equal(first.Outputs[0].ToArray<float>(), second.Outputs[0].ToArray<float>());
        Assert.Equal(IrisReference.Compute(row).Label, second.Outputs[1].ToArray<long>()[0]);
        Assert.Equal(hitsBefore + 1, fixture.Cache.Hits);
        Assert.Equal(["miss", "hit"], meters.CacheResults);
    }

    [Fact]
    public async Task TryAnswer_InputNotSeenBefore_LeavesItToTheFrontWhichCountsTheMissOnce()
    {
        await fixture.Deployer.LoadAsync(Cached, CancellationToken.None);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Cached);
        await front.Infer(Request("warm", Cached, IrisReference.Rows(1, seed: 22)));
        using var meters = new ModelMeterRecorder(Cached, fixture.Meters);
        var missesBefore = fixture.Cache.Misses;
        var fresh = Request("fresh", Cached, IrisReference.Rows(2, seed: 23));

        Assert.False(fixture.Edge.TryAnswer(fresh, out var none));
        Assert.Null(none);
        Assert.Equal(missesBefore, fixture.Cache.Misses);
        Assert.Empty(meters.CacheResults);

        await front.Infer(fresh);
        Assert.Equal(missesBefore + 1, fixture.Cache.Misses);
        Assert.True(fixture.Edge.TryAnswer(fresh with { Id = "again" }, out _));
    }

    [Fact]
    public async Task TryAnswer_ModelNotDeterministic_LeavesEveryRequestToTheFront()
    {
        await fixture.Deployer.LoadAsync(Plain, CancellationToken.None);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Plain);
        var row = IrisReference.Rows(1, seed: 24);
        await front.Infer(Request("first", Plain, row));
        await front.Infer(Request("second", Plain, row));

        Assert.False(fixture.Edge.TryAnswer(Request("third", Plain, row), out _));
    }

    [Fact]
    public async Task TryAnswer_InvalidRepeat_LeavesItToTheFrontWhichRefusesIt()
    {
        await fixture.Deployer.LoadAsync(Cached, CancellationToken.None);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Cached);
        await front.Infer(Request("valid", Cached, IrisReference.Rows(1, seed: 25)));
        var bad = new InferenceRequest("bad", Cached, null, [TensorFactory.Create("input", [1, 4], new long[4])]);

        Assert.False(fixture.Edge.TryAnswer(bad, out _));
        var error = await Assert.ThrowsAsync<InferenceException>(() => front.Infer(bad));
        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
    }

    [Fact]
    public async Task TryAnswer_UnknownVersionOrModel_LeavesItToTheFront()
    {
        await fixture.Deployer.LoadAsync(Cached, CancellationToken.None);
        var row = IrisReference.Rows(1, seed: 26);
        await fixture.Client.GetGrain<IInferenceFrontGrain>(Cached).Infer(Request("first", Cached, row));

        Assert.False(fixture.Edge.TryAnswer(Request("v9", Cached, row) with { ModelVersion = "9" }, out _));
        Assert.False(fixture.Edge.TryAnswer(Request("other", "no-such-model", row), out _));
    }
}
