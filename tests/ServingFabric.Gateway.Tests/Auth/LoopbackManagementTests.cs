using ServingFabric.Gateway.Tests.Management;
using System.Net;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// Without any authentication configured (the embedded default) loopback clients are the principal <c>loopback</c>
/// with every scope but faults: they may change things, but fault injection is refused, because rehearsing an outage
/// must never be one unauthenticated request away.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LoopbackManagementTests(GatewayFixture fixture)
{
    private const string FaultRefused = "needs scope 'faults' for model 'iris', which no caller gets while authentication is not configured; configure API keys (ServingFabric:Gateway:Auth:KeysFile";

    private ManagementHttp Http { get; } = new(fixture.Http, apiKey: null);

    [Fact]
    public async Task PutFault_NoAuthConfigured_Returns403SayingHowToEnableIt()
    {
        var answer = await Http.SendAsync(HttpMethod.Put, "/v1/models/iris/versions/1/fault", """{"abort_percent": 50, "reason": "rehearsal"}""");

        answer.Expect(HttpStatusCode.Forbidden);
        Assert.Contains(FaultRefused, answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteFault_NoAuthConfiguredEvenWithAKey_Returns403()
    {
        var answer = await Http.SendAsync(HttpMethod.Delete, "/v1/models/iris/versions/1/fault?reason=x", null, "any-key-at-all-0123456789", actor: null);

        answer.Expect(HttpStatusCode.Forbidden);
        Assert.Contains(FaultRefused, answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_FromLoopbackWithoutKey_IsAccepted()
    {
        // A wrong body on purpose: the 400 about the body shows the loopback caller got past authorization, and nothing changed.
        var answer = await Http.SendAsync(HttpMethod.Post, "/v1/models/iris/canary", """{"steps": [10]}""");

        answer.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("field 'version' is missing", answer.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2")]
    [InlineData("/v2/models/iris")]
    [InlineData("/v1/models/iris")]
    [InlineData("/v1/events?model=iris")]
    [InlineData("/metrics")]
    public async Task Read_FromLoopbackWithoutKey_IsServed(string path)
    {
        var answer = await Http.GetAsync(path);

        answer.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ForwardedFor_FromAClientThatIsNoKnownProxy_IsIgnored()
    {
        // Honoured, the header would make this a request from 10.1.2.3, which the loopback-only default refuses.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models/iris");
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");

        using var response = await fixture.Http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
