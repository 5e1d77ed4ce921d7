using System.Net;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>On a gateway with an admin key, the OpenAPI document is still open to read and never shows the key.</summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class ManagementOpenApiAccessTests(ManagementGatewayFixture fixture)
{
    [Fact]
    public async Task OpenApiDocument_WithoutKey_IsServedAndHoldsNoSecret()
    {
        var answer = (await fixture.Http.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);

        Assert.Contains("\"/v1/models/{name}/canary\"", answer.Text, StringComparison.Ordinal);
        Assert.Contains("\"/v2/models/{name}/versions/{version}/infer\"", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(ManagementGatewayFixture.ApiKey, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Repository, answer.Text, StringComparison.Ordinal);
    }
}
