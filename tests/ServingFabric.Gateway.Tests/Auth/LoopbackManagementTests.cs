using ServingFabric.Gateway.Tests.Management;
using System.Net;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// Without an admin key (the embedded default) loopback clients may change things, but fault injection is refused:
/// rehearsing an outage must never be one unauthenticated request away.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LoopbackManagementTests(GatewayFixture fixture)
{
    private const string FaultRefused = "fault injection needs ServingFabric:Gateway:AdminApiKey; set it and send Authorization: Bearer <key>";

    private ManagementHttp Http { get; } = new(fixture.Http, apiKey: null);

    [Fact]
    public async Task PutFault_NoKeyConfigured_Returns403SayingHowToEnableIt()
    {
        var answer = await Http.SendAsync(HttpMethod.Put, "/v1/models/iris/versions/1/fault", """{"abort_percent": 50, "reason": "rehearsal"}""");

        answer.Expect(HttpStatusCode.Forbidden);
        Assert.Equal(FaultRefused, answer.Error);
    }

    [Fact]
    public async Task DeleteFault_NoKeyConfigured_Returns403()
    {
        var answer = await Http.SendAsync(HttpMethod.Delete, "/v1/models/iris/versions/1/fault?reason=x", null, "any-key-at-all-0123456789", actor: null);

        answer.Expect(HttpStatusCode.Forbidden);
        Assert.Equal(FaultRefused, answer.Error);
    }

    [Fact]
    public async Task Change_FromLoopbackWithoutKey_IsAccepted()
    {
        // A wrong body on purpose: the 400 about the body shows the loopback caller got past authorization, and nothing changed.
        var answer = await Http.SendAsync(HttpMethod.Post, "/v1/models/iris/canary", """{"steps": [10]}""");

        answer.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("field 'version' is missing", answer.Error, StringComparison.Ordinal);
    }
}
