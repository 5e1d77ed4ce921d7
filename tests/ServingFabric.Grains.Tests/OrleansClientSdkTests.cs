using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Client;
using ServingFabric.Grains.Deployment;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Grains.Tests;

/// <summary>The SDK's Orleans transport against a real in-process cluster.</summary>
[Collection(FabricClusterCollection.Name)]
public sealed class OrleansClientSdkTests(FabricClusterFixture fixture)
{
    [Fact]
    public async Task InferAsync_OrleansTransport_ReturnsReferenceLabels()
    {
        await fixture.Cluster.GetSiloServiceProvider().GetRequiredService<ModelDeployer>().LoadAsync("iris", CancellationToken.None);
        var client = new OrleansInferenceClient(fixture.Client, new ServingFabricClientOptions { Transport = ServingFabricTransport.Orleans });
        var rows = IrisReference.Rows(4, seed: 77);

        var response = await client.InferAsync(new InferenceRequestBuilder("iris").WithId("orleans-1").AddInput("input", [4, 4], rows).Build());

        Assert.Equal("orleans-1", response.Id);
        var labels = response.GetOutput("label").ToArray<long>();
        for (var row = 0; row < 4; row++)
        {
            Assert.Equal(IrisReference.Compute(rows.AsSpan(row * 4, 4)).Label, labels[row]);
        }

        Assert.True(await client.IsModelReadyAsync("iris"));
        Assert.False(await client.IsModelReadyAsync("iris", "42"));
        Assert.Equal("input", (await client.GetModelMetadataAsync("iris")).Inputs[0].Name);
    }

    [Fact]
    public async Task InferAsync_OrleansTransportUnknownModel_ThrowsNotFound()
    {
        var client = new OrleansInferenceClient(fixture.Client, new ServingFabricClientOptions { Transport = ServingFabricTransport.Orleans });

        var error = await Assert.ThrowsAsync<InferenceException>(() =>
            client.InferAsync(new InferenceRequestBuilder("ghost").AddInput("input", [1, 4], new float[4]).Build()));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
    }
}
