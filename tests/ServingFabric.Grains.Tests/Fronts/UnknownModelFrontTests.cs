using Orleans.Runtime;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>A front asked directly (as an Orleans client may) for a model the catalog does not know answers 404 without calling a router.</summary>
[Collection(FabricClusterCollection.Name)]
public sealed class UnknownModelFrontTests(FabricClusterFixture fixture)
{
    [Fact]
    public async Task EveryCall_ModelCatalogDoesNotKnow_NotFoundWithoutActivatingItsRouter()
    {
        const string name = "never-deployed-front";
        var front = fixture.Client.GetGrain<IInferenceFrontGrain>(name);
        var request = new InferenceRequest("u1", name, null, [TensorFactory.Create("input", [1, 4], new float[4])]);

        var errors = new[]
        {
            await Assert.ThrowsAsync<InferenceException>(() => front.Infer(request)),
            await Assert.ThrowsAsync<InferenceException>(() => front.GetMetadata(null)),
            await Assert.ThrowsAsync<InferenceException>(() => front.GetReadiness(null)),
            await Assert.ThrowsAsync<InferenceException>(() => front.RecordFeedback("u1", FrontTestCalls.Caller, 1)),
        };

        Assert.All(errors, error => Assert.Equal(InferenceErrorKind.NotFound, error.Kind));
        Assert.All(errors, error => Assert.Contains($"unknown model '{name}'", error.Message, StringComparison.Ordinal));
        var activations = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        Assert.DoesNotContain(activations, a => a.GrainId.Key.ToString() == name && a.GrainType.Contains("Router", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Infer_NoCaller_InvalidInput()
    {
        var request = new InferenceRequest("c1", "iris", null, [TensorFactory.Create("input", [1, 4], new float[4])]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Client.GetGrain<IInferenceFrontGrain>("iris").Infer(request, ""));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
    }
}
