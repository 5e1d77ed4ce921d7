using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Client;

namespace ServingFabric.Client.Tests.Credentials;

/// <summary>The management client's credentials, as a real Kestrel server receives them.</summary>
public sealed class ManagementCredentialTests : IDisposable
{
    private const string Key = "sf_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly string _folder = Directory.CreateTempSubdirectory("sf-management-credentials-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task GetEventsAsync_ApiKeyFile_SendsTheFilesKey()
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        var file = Path.Combine(_folder, "key");
        await File.WriteAllTextAsync(file, Key + "\n");
        using var http = new HttpClient();
        var client = new HttpFabricManagementClient(http, new FabricManagementClientOptions { BaseAddress = server.Address, ApiKeyFile = file });

        await client.GetEventsAsync();

        Assert.Equal([$"Bearer {Key}"], server.Authorizations);
    }

    [Fact]
    public async Task GetEventsAsync_AccessTokenProviderOverHttps_SendsTheToken()
    {
        using var certificates = new TestCertificates();
        await using var server = await AuthorizationRecordingServer.StartAsync(certificates.Server);
        using var http = new HttpClient(certificates.TrustingHandler());
        var client = new HttpFabricManagementClient(http, new FabricManagementClientOptions
        {
            BaseAddress = server.Address,
            AccessTokenProvider = _ => ValueTask.FromResult("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.sig"),
        });

        await client.GetEventsAsync();

        Assert.Equal(["Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.sig"], server.Authorizations);
    }

    [Fact]
    public async Task GetEventsAsync_AdminApiKey_StillSentAsBearer()
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        using var http = new HttpClient();
        var client = new HttpFabricManagementClient(http, new FabricManagementClientOptions { BaseAddress = server.Address, AdminApiKey = Key });

        await client.GetEventsAsync();

        Assert.Equal([$"Bearer {Key}"], server.Authorizations);
    }

    [Theory]
    [InlineData("pause", "manage")]
    [InlineData("feedback", "feedback")]
    public async Task Refusal_KeyWithoutScope_NamesTheScopeTheCallNeeds(string operation, string scope)
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        using var http = new HttpClient();
        var client = new HttpFabricManagementClient(http, new FabricManagementClientOptions { BaseAddress = server.Address, ApiKey = AuthorizationRecordingServer.ForbiddenKey });

        var refused = await Assert.ThrowsAsync<FabricManagementException>(() => operation == "pause"
            ? client.PauseAsync("iris")
            : client.SendFeedbackAsync("iris", new ServingFabric.Contracts.Releases.FeedbackRequest { Id = "r1", Reward = 1 }));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(scope, refused.RequiredScope);
        Assert.True(refused.CredentialSent);
        Assert.Equal("key 'reader' lacks the scope this call needs", refused.GatewayMessage);
        Assert.EndsWith($"use a key created with --scope {scope} (or a token carrying that scope)).", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_NoCredential_SaysWhichSettingToSet()
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        using var http = new HttpClient();
        var client = new HttpFabricManagementClient(http, new FabricManagementClientOptions { BaseAddress = server.Address });

        var refused = await Assert.ThrowsAsync<FabricManagementException>(() => client.GetEventsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(refused.CredentialSent);
        Assert.Equal(
            "this endpoint needs a credential (no credential was sent: set FabricManagementClientOptions.ApiKeyFile or ApiKey to a key with scope read, or AccessTokenProvider for a JWT).",
            refused.Message);
    }

    [Fact]
    public void AddFabricManagementClient_ApiKeyAndAdminApiKey_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddFabricManagementClient(options =>
        {
            options.BaseAddress = new Uri("http://gw:8080/");
            options.ApiKey = Key;
            options.AdminApiKey = "older-key-older-key-older-key-01";
        });
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FabricManagementClientOptions>>().Value);

        Assert.Equal(["FabricManagementClientOptions.ApiKey and AdminApiKey are both set; AdminApiKey is the older name of ApiKey, set only ApiKey."], refused.Failures);
    }
}
