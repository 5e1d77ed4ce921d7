using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServingFabric.Gateway.Auth;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>The authorization rules on requests built in memory: remote addresses that real loopback tests cannot produce.</summary>
public sealed class ManagementAuthorizerTests : IDisposable
{
    private const string Key = "0123456789abcdef0123";
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"sf-key-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Authorize_NoKeyAndLoopback_AllowsAsAdmin(string address)
    {
        var caller = Authorizer(key: null).Authorize(Request(address), adminOnly: null);

        Assert.Equal(new ManagementCaller("admin", "loopback"), caller);
    }

    [Fact]
    public void Authorize_NoKeyAndRemote_Returns403NamingTheAddress()
    {
        var error = Assert.Throws<InferenceException>(() => Authorizer(key: null).Authorize(Request("10.1.2.3"), adminOnly: null));

        Assert.Equal(InferenceErrorKind.Forbidden, error.Kind);
        Assert.Contains("only from loopback clients and this request came from 10.1.2.3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_NoKeyAdminOnlyFromLoopback_Returns403()
    {
        var error = Assert.Throws<InferenceException>(() => Authorizer(key: null).Authorize(Request("127.0.0.1"), "fault injection"));

        Assert.Equal(InferenceErrorKind.Forbidden, error.Kind);
        Assert.Equal("fault injection needs ServingFabric:Gateway:AdminApiKey; set it and send Authorization: Bearer <key>", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic YWRtaW46eA==")]
    [InlineData("Bearer ")]
    [InlineData("Bearer 0123456789abcdef012")]
    [InlineData("Bearer 0123456789abcdef01234")]
    public void Authorize_KeyConfiguredAndMissingOrWrong_Returns401(string? authorization)
    {
        var error = Assert.Throws<InferenceException>(() => Authorizer(Key).Authorize(Request("127.0.0.1", authorization), adminOnly: null));

        Assert.Equal(InferenceErrorKind.Unauthorized, error.Kind);
    }

    [Theory]
    [InlineData("10.1.2.3", null, "admin")]
    [InlineData("10.1.2.3", "alice", "alice")]
    [InlineData("127.0.0.1", "bob@example.com", "bob@example.com")]
    [InlineData("10.1.2.3", "eve\n<script>; rm -rf", "evescriptrm-rf")]
    [InlineData("10.1.2.3", "!!!", "admin")]
    public void Authorize_RightKeyFromAnywhere_AllowsWithSanitizedActor(string address, string? actor, string expectedWho)
    {
        var request = Request(address, $"bearer {Key}");
        if (actor is not null)
        {
            request.Request.Headers[ActorNames.Header] = actor;
        }

        var caller = Authorizer(Key).Authorize(request, "fault injection");

        Assert.Equal(new ManagementCaller(expectedWho, "admin key"), caller);
    }

    [Fact]
    public void ActorNames_LongHeader_IsCutTo64()
    {
        Assert.Equal(new string('a', ActorNames.MaxLength), ActorNames.From(new string('a', 100)));
    }

    [Fact]
    public void Authorize_KeyFileRotated_AcceptsTheNewKeyOnly()
    {
        File.WriteAllText(_keyFile, Key + "\n");
        var authorizer = new ManagementAuthorizer(
            new AdminApiKeyProvider(Options.Create(new GatewayOptions { AdminApiKeyFile = _keyFile })), NullLogger<ManagementAuthorizer>.Instance);
        authorizer.Authorize(Request("10.0.0.1", $"Bearer {Key}"), adminOnly: null);

        const string Rotated = "rotated-key-fedcba9876543210";
        File.WriteAllText(_keyFile, Rotated);
        File.SetLastWriteTimeUtc(_keyFile, DateTime.UtcNow.AddMinutes(1));

        Assert.Throws<InferenceException>(() => authorizer.Authorize(Request("10.0.0.1", $"Bearer {Key}"), adminOnly: null));
        Assert.Equal("admin key", authorizer.Authorize(Request("10.0.0.1", $"Bearer {Rotated}"), adminOnly: null).Via);
    }

    public void Dispose() => File.Delete(_keyFile);

    private static ManagementAuthorizer Authorizer(string? key) =>
        new(new AdminApiKeyProvider(Options.Create(new GatewayOptions { AdminApiKey = key })), NullLogger<ManagementAuthorizer>.Instance);

    private static DefaultHttpContext Request(string remote, string? authorization = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Method = "POST";
        context.Request.Path = "/v1/models/iris/canary";
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }
}
