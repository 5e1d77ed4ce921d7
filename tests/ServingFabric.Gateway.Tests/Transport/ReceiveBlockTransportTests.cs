using System.Net.Http.Headers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Gateway.Transport;

namespace ServingFabric.Gateway.Tests.Transport;

[Collection(GatewayCollection.Name)]
public sealed class ReceiveBlockTransportTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Kestrel_ReceivingARequest_UsesTheGatewaysBlocks()
    {
        var factory = Assert.IsType<ReceiveBlockMemoryPoolFactory>(fixture.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        using var body = new ByteArrayContent(new byte[100_000]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        // Not a valid inference request: what matters is that its bytes came through the gateway's pools.
        using var response = await fixture.Http.PostAsync("/v2/models/iris/infer", body);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.NotEmpty(factory.Pools);
        Assert.All(factory.Pools, p => Assert.Equal(new GatewayOptions().ReceiveBlockBytes, p.BlockBytes));
        Assert.True(factory.Pools.Sum(p => p.Allocated) > 0, "Kestrel allocated no block from the gateway's pools");
    }
}
