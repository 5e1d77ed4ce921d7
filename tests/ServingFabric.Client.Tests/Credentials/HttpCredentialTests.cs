using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Client;
using ServingFabric.Inference;

namespace ServingFabric.Client.Tests.Credentials;

/// <summary>The inference client's credentials, as a real Kestrel server receives them over HTTP and HTTPS.</summary>
public sealed class HttpCredentialTests : IDisposable
{
    private const string Key = "sf_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string RotatedKey = "sf_fedcba9876543210_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    private readonly string _folder = Directory.CreateTempSubdirectory("sf-client-credentials-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task IsModelReadyAsync_ApiKey_SendsBearerKey()
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        using var http = new HttpClient();
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = server.Address, ApiKey = Key });

        Assert.True(await client.IsModelReadyAsync("iris"));

        Assert.Equal([$"Bearer {Key}"], server.Authorizations);
    }

    [Fact]
    public async Task IsModelReadyAsync_ApiKeyFileRewritten_SendsTheNewKey()
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        var file = Path.Combine(_folder, "key");
        await File.WriteAllTextAsync(file, Key + "\n");
        using var http = new HttpClient();
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = server.Address, ApiKeyFile = file });

        Assert.True(await client.IsModelReadyAsync("iris"));
        await File.WriteAllTextAsync(file, RotatedKey + "\n");
        // Same length as before: only the write time tells the change; set it apart from the first so the test does not rely on timestamp resolution.
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(2));
        Assert.True(await client.IsModelReadyAsync("iris"));

        Assert.Equal([$"Bearer {Key}", $"Bearer {RotatedKey}"], server.Authorizations);
    }

    [Fact]
    public async Task IsModelReadyAsync_AccessTokenProvider_CallsItPerRequest()
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        var calls = 0;
        using var http = new HttpClient();
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions
        {
            BaseAddress = server.Address,
            AccessTokenProvider = _ => ValueTask.FromResult($"eyJ.token-{++calls}"),
        });

        Assert.True(await client.IsModelReadyAsync("iris"));
        Assert.True(await client.IsModelReadyAsync("iris"));

        Assert.Equal(["Bearer eyJ.token-1", "Bearer eyJ.token-2"], server.Authorizations);
    }

    [Fact]
    public async Task IsModelReadyAsync_HttpsWithTestCaAndKey_SendsKeyOverTls()
    {
        using var certificates = new TestCertificates();
        await using var server = await AuthorizationRecordingServer.StartAsync(certificates.Server);
        using var http = new HttpClient(certificates.TrustingHandler());
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = server.Address, ApiKey = Key });

        Assert.Equal("https", server.Address.Scheme);
        Assert.True(await client.IsModelReadyAsync("iris"));

        Assert.Equal([$"Bearer {Key}"], server.Authorizations);
    }

    [Fact]
    public async Task IsModelReadyAsync_HttpsWithoutTrustingTheCa_FailsTheHandshake()
    {
        using var certificates = new TestCertificates();
        await using var server = await AuthorizationRecordingServer.StartAsync(certificates.Server);
        using var http = new HttpClient();
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = server.Address, ApiKey = Key });

        // A probe reads an unreachable gateway as "not ready"; metadata surfaces the failure.
        var failure = await Assert.ThrowsAsync<InferenceException>(() => client.GetModelMetadataAsync("iris"));

        Assert.Equal(InferenceErrorKind.Unavailable, failure.Kind);
        Assert.Empty(server.Authorizations);
    }

    [Fact]
    public async Task GetModelMetadataAsync_NoCredential401_SaysWhichSettingToSet()
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        using var http = new HttpClient();
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = server.Address });

        var refused = await Assert.ThrowsAsync<InferenceException>(() => client.GetModelMetadataAsync("iris"));

        Assert.Equal(InferenceErrorKind.Unauthorized, refused.Kind);
        Assert.Equal(
            "this endpoint needs a credential (no credential was sent: set ServingFabricClientOptions.ApiKeyFile or ApiKey to a key with scope inference:iris, or AccessTokenProvider for a JWT).",
            refused.Message);
    }

    [Fact]
    public async Task GetModelMetadataAsync_KeyWithoutScope403_NamesTheScopeAndNotTheKey()
    {
        await using var server = await AuthorizationRecordingServer.StartAsync();
        using var http = new HttpClient();
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = server.Address, ApiKey = AuthorizationRecordingServer.ForbiddenKey });

        var refused = await Assert.ThrowsAsync<InferenceException>(() => client.GetModelMetadataAsync("iris"));

        Assert.Equal(InferenceErrorKind.Forbidden, refused.Kind);
        Assert.Equal(
            "key 'reader' lacks the scope this call needs (an API key was accepted but does not grant what this call needs: use a key created with --scope inference:iris (or a token carrying that scope)).",
            refused.Message);
        Assert.DoesNotContain(AuthorizationRecordingServer.ForbiddenKey, refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsModelReadyAsync_ApiKeyFileMissing_ThrowsNamingTheFile()
    {
        var file = Path.Combine(_folder, "absent");
        using var http = new HttpClient();
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), ApiKeyFile = file });

        var failure = await Assert.ThrowsAsync<FabricCredentialException>(() => client.IsModelReadyAsync("iris"));

        Assert.Equal($"ServingFabricClientOptions.ApiKeyFile '{file}' does not exist; write the key there (as 'fabric keys create' printed it) or fix the path.", failure.Message);
    }

    [Fact]
    public async Task IsModelReadyAsync_TokenProviderReturnsEmpty_ThrowsSayingWhatToReturn()
    {
        using var http = new HttpClient();
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions
        {
            BaseAddress = new Uri("http://127.0.0.1:1/"),
            AccessTokenProvider = _ => ValueTask.FromResult(""),
        });

        var failure = await Assert.ThrowsAsync<FabricCredentialException>(() => client.IsModelReadyAsync("iris"));

        Assert.StartsWith("ServingFabricClientOptions.AccessTokenProvider returned no token; it must return the access token itself", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_KeyWithLineBreak_RefusesWithoutShowingTheKey()
    {
        using var http = new HttpClient();
        const string key = "sf_0123456789abcdef_secret\nInjected: header";

        var refused = Assert.Throws<ArgumentException>(() => new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = new Uri("http://gw/"), ApiKey = key }));

        Assert.Contains("ServingFabricClientOptions.ApiKey holds spaces, line breaks or non-ASCII characters", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServingFabricClient_ApiKeyAndTokenProvider_FailsValidationNamingBoth()
    {
        var services = new ServiceCollection();
        services.AddServingFabricClient(options =>
        {
            options.BaseAddress = new Uri("http://gw:8080/");
            options.ApiKey = Key;
            options.AccessTokenProvider = _ => ValueTask.FromResult("token");
        });
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ServingFabricClientOptions>>().Value);

        Assert.Equal(
            ["ServingFabricClientOptions.ApiKey and ServingFabricClientOptions.AccessTokenProvider are set; set one: ApiKeyFile for a mounted secret, ApiKey for a key from your own secret store, or AccessTokenProvider for JWTs (Microsoft Entra ID)."],
            refused.Failures);
        Assert.DoesNotContain(Key, refused.Message, StringComparison.Ordinal);
    }
}
