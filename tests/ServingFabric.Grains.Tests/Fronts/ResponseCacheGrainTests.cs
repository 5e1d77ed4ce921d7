using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;
using static ServingFabric.Grains.Tests.Fronts.ResponseCacheClusterFixture;

namespace ServingFabric.Grains.Tests.Fronts;

[Collection(ResponseCacheClusterCollection.Name)]
public sealed class ResponseCacheGrainTests(ResponseCacheClusterFixture fixture)
{
    [Fact]
    public async Task Infer_DeterministicModelRepeatedRequest_AnswersFromCacheWithoutReachingReplica()
    {
        await fixture.Deployer.LoadAsync(Cached, CancellationToken.None);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Cached);
        using var meters = new ModelMeterRecorder(Cached, fixture.Meters);
        var row = IrisReference.Rows(1, seed: 3);
        var hitsBefore = fixture.Cache.Hits;

        var first = await front.Infer(Request("first", Cached, row));
        await meters.WaitForBatchesAsync(1);
        var second = await front.Infer(Request("second", Cached, row));

        // A different request must run; had the repeat reached the batcher, its 1-row batch would come before this one.
        await front.Infer(Request("third", Cached, IrisReference.Rows(3, seed: 4)));
        await meters.WaitForBatchesAsync(2);
        Assert.Equal([1, 3], meters.Batches);
        Assert.Equal(["miss", "hit", "miss"], meters.CacheResults);
        Assert.Equal(hitsBefore + 1, fixture.Cache.Hits);
        Assert.Equal("second", second.Id);
        Assert.Equal(first.ModelVersion, second.ModelVersion);
        Assert.Equal(first.Outputs.Select(o => o.Name), second.Outputs.Select(o => o.Name));
        Assert.Equal(first.Outputs[0].ToArray<float>(), second.Outputs[0].ToArray<float>());
        Assert.Equal(IrisReference.Compute(row).Label, second.Outputs[1].ToArray<long>()[0]);
    }

    [Fact]
    public async Task Infer_DeterministicModelDifferentOutputsRequested_IsAMiss()
    {
        await fixture.Deployer.LoadAsync(Cached, CancellationToken.None);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Cached);
        using var meters = new ModelMeterRecorder(Cached, fixture.Meters);
        var row = IrisReference.Rows(1, seed: 8);

        await front.Infer(Request("all", Cached, row));
        var labelOnly = await front.Infer(Request("label", Cached, row) with { Outputs = [new RequestedOutput("label")] });

        Assert.Equal(["miss", "miss"], meters.CacheResults);
        Assert.Equal("label", Assert.Single(labelOnly.Outputs).Name);
    }

    [Fact]
    public async Task Infer_DeterministicModelInvalidRequest_StillRefusedAndNotLookedUp()
    {
        await fixture.Deployer.LoadAsync(Cached, CancellationToken.None);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Cached);
        using var meters = new ModelMeterRecorder(Cached, fixture.Meters);
        var bad = new InferenceRequest("bad", Cached, null, [TensorFactory.Create("input", [1, 4], new long[4])]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => front.Infer(bad));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Empty(meters.CacheResults);
    }

    [Fact]
    public async Task Infer_NonDeterministicModelRepeatedRequest_AlwaysReachesReplica()
    {
        await fixture.Deployer.LoadAsync(Plain, CancellationToken.None);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Plain);
        using var meters = new ModelMeterRecorder(Plain, fixture.Meters);
        var row = IrisReference.Rows(1, seed: 5);
        var (hits, misses, count) = (fixture.Cache.Hits, fixture.Cache.Misses, fixture.Cache.Count);

        await front.Infer(Request("a", Plain, row));
        await front.Infer(Request("b", Plain, row));

        Assert.Empty(meters.CacheResults);
        Assert.Equal((hits, misses, count), (fixture.Cache.Hits, fixture.Cache.Misses, fixture.Cache.Count));
        await meters.WaitForBatchesAsync(2);
        Assert.Equal([1, 1], meters.Batches);
    }

    [Fact]
    public async Task Infer_AfterDeployOfNewDefaultVersion_CachedAnswerIsNotServed()
    {
        await fixture.Deployer.LoadAsync(Redeployed, CancellationToken.None);
        var router = fixture.Client.GetGrain<IModelRouterGrain>(Redeployed);
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(Redeployed);
        using var meters = new ModelMeterRecorder(Redeployed, fixture.Meters);
        var row = IrisReference.Rows(1, seed: 6);
        var spec = (await router.GetSpec())!;
        Assert.Equal("1", (await front.Infer(Request("v1", Redeployed, row))).ModelVersion);
        Assert.Equal("1", (await front.Infer(Request("v1-again", Redeployed, row))).ModelVersion);

        await router.Deploy(spec with { DefaultVersion = "2" });
        var afterSwitch = await front.Infer(Request("v2", Redeployed, row));
        await router.Deploy(spec with { DefaultVersion = "1" });
        var afterSwitchBack = await front.Infer(Request("v1-new-revision", Redeployed, row));

        Assert.Equal("2", afterSwitch.ModelVersion);
        Assert.Equal("1", afterSwitchBack.ModelVersion);

        // Version 1 was cached under the first revision; the switch back is a new revision, so it runs again.
        Assert.Equal(["miss", "hit", "miss", "miss"], meters.CacheResults);
        await meters.WaitForBatchesAsync(3);
        Assert.Equal([1, 1, 1], meters.Batches);
    }
}
