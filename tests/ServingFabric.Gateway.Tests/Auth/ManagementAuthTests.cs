using ServingFabric.Gateway.Tests.Management;
using System.Net;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>With only the legacy admin key configured, every endpoint but health and the OpenAPI document needs it.</summary>
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
        Assert.Contains("needs a credential: send Authorization: Bearer <key or token>", answer.Error, StringComparison.Ordinal);
        Assert.Equal("Bearer realm=\"servingfabric\"", answer.WwwAuthenticate);
    }

    [Theory]
    [InlineData("wrong-key-0123456789abcdef")]
    [InlineData("test-admin-key-0123456789abcde")]
    [InlineData("test-admin-key-0123456789abcdef0")]
    public async Task Change_WithWrongKey_Returns401(string key)
    {
        var answer = await fixture.Http.SendAsync(HttpMethod.Post, "/v1/models/canary-m/pause", null, key, actor: null);

        answer.Expect(HttpStatusCode.Unauthorized);
        Assert.StartsWith("the key presented is not valid", answer.Error, StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", answer.WwwAuthenticate, StringComparison.Ordinal);
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
    [InlineData("/v2/models/iris")]
    [InlineData("/v2")]
    public async Task Read_WithoutKey_Returns401(string path)
    {
        var answer = await fixture.Http.SendAsync(HttpMethod.Get, path, null, key: null, actor: null);

        answer.Expect(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/v1/models/iris")]
    [InlineData("/v1/events?model=iris")]
    [InlineData("/v2/models/iris")]
    public async Task Read_WithAdminKey_IsServed(string path)
    {
        var answer = await fixture.Http.GetAsync(path);

        answer.Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/v2/health/live")]
    [InlineData("/v2/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task HealthAndOpenApi_WithoutKey_AreOpen(string path)
    {
        var answer = await fixture.Http.SendAsync(HttpMethod.Get, path, null, key: null, actor: null);

        answer.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Feedback_WithoutKey_Returns401()
    {
        var answer = await fixture.Http.SendAsync(HttpMethod.Post, "/v1/models/iris/feedback", """{"id": "x"}""", key: null, actor: null);

        answer.Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Feedback_WithAdminKey_PassesToValidation()
    {
        var answer = await fixture.Http.SendAsync(HttpMethod.Post, "/v1/models/iris/feedback", """{"id": "x"}""", ManagementGatewayFixture.ApiKey, actor: null);

        answer.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("field 'reward' is missing", answer.Error, StringComparison.Ordinal);
    }
}
