using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Grains.Fronts;
using ServingFabric.Runtime.Caching;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>A deterministic model's repeated request over HTTP is answered by the gateway itself, correctly encoded.</summary>
[Collection(GatewayCollection.Name)]
public sealed class EdgeAnswersHttpTests(GatewayFixture fixture)
{
    // Fronts trust their routing table for 1 s here; a machine stalled longer between two requests makes the front
    // answer (and publish a fresh table), so the repeat is sent a few times until the gateway has answered one.
    private const int MaxRepeats = 5;

    [Fact]
    public async Task Infer_RepeatedBinaryRequest_GatewayAnswersFromTheCacheWithTheCallersId()
    {
        var edge = fixture.Services.GetRequiredService<EdgeAnswers>();
        var cache = fixture.Services.GetRequiredService<ResponseCache>();
        var rows = IrisReference.Rows(3, seed: 77);
        BinaryIrisInference.AssertAnswers("first", rows, await BinaryIrisInference.InferAsync(fixture.Http, GatewayFixture.CachedModel, "first", rows));
        var answeredBefore = edge.Answered;
        var hitsBefore = cache.Hits;

        var repeats = 0;
        while (edge.Answered == answeredBefore && repeats < MaxRepeats)
        {
            repeats++;
            var id = $"repeat-{repeats}";
            BinaryIrisInference.AssertAnswers(id, rows, await BinaryIrisInference.InferAsync(fixture.Http, GatewayFixture.CachedModel, id, rows));
        }

        Assert.Equal(answeredBefore + 1, edge.Answered);
        Assert.Equal(hitsBefore + repeats, cache.Hits);
    }

    [Fact]
    public async Task Infer_RepeatedRequestOfANonDeterministicModel_NeverAnsweredByTheGateway()
    {
        var edge = fixture.Services.GetRequiredService<EdgeAnswers>();
        var rows = IrisReference.Rows(2, seed: 78);
        var answeredBefore = edge.Answered;

        for (var i = 0; i < 3; i++)
        {
            BinaryIrisInference.AssertAnswers($"plain-{i}", rows, await BinaryIrisInference.InferAsync(fixture.Http, "iris", $"plain-{i}", rows));
        }

        Assert.Equal(answeredBefore, edge.Answered);
    }
}
