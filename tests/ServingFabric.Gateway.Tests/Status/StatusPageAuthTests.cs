using System.Net;
using System.Net.Http.Headers;
using ServingFabric.Contracts.Security;
using ServingFabric.Gateway.Status;
using ServingFabric.Gateway.Tests.Auth;

namespace ServingFabric.Gateway.Tests.Status;

/// <summary>
/// Under configured authentication the page and its files need the <c>read</c> scope, exactly as the /v1 reads it
/// polls (the endpoint × credential matrix covers every other kind of credential).
/// </summary>
[Collection(AuthGatewayCollection.Name)]
public sealed class StatusPageAuthTests(AuthGatewayFixture fixture)
{
    [Theory]
    [InlineData("/status")]
    [InlineData("/status/status.js")]
    [InlineData("/status/status.css")]
    public async Task Page_WithoutCredential_Returns401(string path)
    {
        using var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/status/status.js")]
    [InlineData("/status/status.css")]
    public async Task Page_KeyWithoutReadScope_Returns403NamingTheScope(string path)
    {
        using var response = await SendAsync(path, fixture.Credentials.Key($"all-but-{FabricScopes.Read}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("scope 'read'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_KeyWithReadScope_Returns200HtmlWithCsp()
    {
        using var response = await SendAsync("/status", fixture.Credentials.Key("ops-bot"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StatusPageEndpoints.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await fixture.Http.SendAsync(request);
    }
}
