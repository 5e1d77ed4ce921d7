using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Runtime.Caching;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>
/// A deterministic model's repeated request over HTTP is answered from the silo's cache (by the edge running the
/// front's path, or by the front), correctly encoded under the caller's id; a non-deterministic model's never is.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class EdgeAnswersHttpTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Infer_RepeatedBinaryRequest_AnsweredFromTheCacheWithTheCallersId()
    {
        var cache = fixture.Services.GetRequiredService<ResponseCache>();
        var rows = IrisReference.Rows(3, seed: 77);
        BinaryIrisInference.AssertAnswers("first", rows, await BinaryIrisInference.InferAsync(fixture.Http, GatewayFixture.CachedModel, "first", rows));
        var hitsBefore = cache.Hits;

        BinaryIrisInference.AssertAnswers("repeat", rows, await BinaryIrisInference.InferAsync(fixture.Http, GatewayFixture.CachedModel, "repeat", rows));

        Assert.Equal(hitsBefore + 1, cache.Hits);
    }

    [Fact]
    public async Task Infer_RepeatedRequestOfANonDeterministicModel_NeverAnsweredFromTheCache()
    {
        var cache = fixture.Services.GetRequiredService<ResponseCache>();
        var rows = IrisReference.Rows(2, seed: 78);
        var hitsBefore = cache.Hits;

        for (var i = 0; i < 3; i++)
        {
            BinaryIrisInference.AssertAnswers($"plain-{i}", rows, await BinaryIrisInference.InferAsync(fixture.Http, "iris", $"plain-{i}", rows));
        }

        Assert.Equal(hitsBefore, cache.Hits);
    }
}
