using ServingFabric.Gateway.Tests.Management;
using System.Net;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>With an admin key configured, every change needs it; reads and feedback stay open.</summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class ManagementAuthTests(ManagementGatewayFixture fixture)
{
    [Theory]
    [InlineData("POST", "/v1/models/canary-m/canary")]
    [InlineData("POST", "/v1/models/versions-m/versions")]
    [InlineData("PUT", "/v1/models/traffic-m")]
    [InlineData("PUT", "/v1/models/scaling-m/scaling")]
    [InlineData("POST", "/v1/models/canary-m/promote")]
    [InlineData("DELETE", "/v1/models/versions-m/versions/1")]
    [InlineData("PUT", "/v1/models/fault-m/versions/1/fault")]
    [InlineData("POST", "/v2/repository/models/iris/unload")]
    [InlineData("POST", "/v2/repository/models/iris/load")]
    public async Task Change_WithoutKey_Returns401WithBearerChallenge(string method, string path)
    {
        var answer = await fixture.Http.SendAsync(new HttpMethod(method), path, "{}", key: null, actor: null);

        answer.Expect(HttpStatusCode.Unauthorized);
        Assert.Contains("changes the fabric and needs the admin key: send Authorization: Bearer <key>", answer.Error, StringComparison.Ordinal);
        Assert.StartsWith("Bearer", answer.WwwAuthenticate, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong-key-0123456789abcdef")]
    [InlineData("test-admin-key-0123456789abcde")]
    [InlineData("test-admin-key-0123456789abcdef0")]
    public async Task Change_WithWrongKey_Returns401(string key)
    {
        var answer = await fixture.Http.SendAsync(HttpMethod.Post, "/v1/models/canary-m/pause", null, key, actor: null);

        answer.Expect(HttpStatusCode.Unauthorized);
        Assert.StartsWith("the key in Authorization: Bearer is not the admin key", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_WithKey_PassesToValidation()
    {
        // The body is wrong on purpose: a 400 about the body proves the key was accepted without changing anything.
        var answer = await fixture.Http.SendAsync(HttpMethod.Post, "/v1/models/canary-m/canary", "{}", ManagementGatewayFixture.ApiKey, actor: null);

        answer.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("field 'version' is missing", answer.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/models/iris")]
    [InlineData("/v1/models/iris/versions")]
    [InlineData("/v1/events?model=iris")]
    public async Task Read_WithoutKey_IsOpen(string path)
    {
        var answer = await fixture.Http.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.Unauthorized, answer.Status);
        Assert.NotEqual(HttpStatusCode.Forbidden, answer.Status);
    }

    [Fact]
    public async Task Feedback_WithoutKey_IsOpen()
    {
        var answer = await fixture.Http.SendAsync(HttpMethod.Post, "/v1/models/iris/feedback", """{"id": "x"}""", key: null, actor: null);

        answer.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("field 'reward' is missing", answer.Error, StringComparison.Ordinal);
    }
}
