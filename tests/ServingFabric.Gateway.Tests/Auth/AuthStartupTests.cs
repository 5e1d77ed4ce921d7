using Microsoft.Extensions.Options;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>A keys or JWKS file that cannot be used stops the silo at start, naming the file and the problem.</summary>
public sealed class AuthStartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sf-auth-start-" + Guid.NewGuid().ToString("N"));

    public AuthStartupTests() => Directory.CreateDirectory(_folder);

    [Theory]
    [InlineData("{\"keys\": [", "is not a valid keys file")]
    [InlineData("{\"keys\": [{\"id\": \"0123456789abcdef\", \"name\": \"bad name!\", \"scopes\": [\"read\"], \"salt\": \"AA==\", \"hash\": \"AA==\", \"created_at\": \"2026-01-01T00:00:00Z\", \"expires_at\": null, \"revoked_at\": null}]}", "has name 'bad name!'")]
    [InlineData("{\"keys\": [{\"id\": \"0123456789abcdef\", \"name\": \"ops\", \"scopes\": [\"everything\"], \"salt\": \"AA==\", \"hash\": \"AA==\", \"created_at\": \"2026-01-01T00:00:00Z\", \"expires_at\": null, \"revoked_at\": null}]}", "has scope 'everything'")]
    public async Task Start_MalformedKeysFile_FailsNamingTheFileAndTheProblem(string content, string problem)
    {
        var keys = Path.Combine(_folder, "keys.json");
        await File.WriteAllTextAsync(keys, content);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            InProcessSilo.StartAsync(_folder, $"--ServingFabric:Gateway:Auth:KeysFile={keys}"));

        Assert.Contains($"ServingFabric:Gateway:Auth:KeysFile '{keys}' ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_JwtWithPlainHttpMetadata_FailsSayingHttpsIsNeeded()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessSilo.StartAsync(_folder,
            "--ServingFabric:Gateway:Auth:Jwt:Issuer=https://issuer.test",
            "--ServingFabric:Gateway:Auth:Jwt:Audience=api://fabric",
            "--ServingFabric:Gateway:Auth:Jwt:MetadataAddress=http://issuer.test/.well-known/openid-configuration"));

        Assert.Contains("MetadataAddress 'http://issuer.test/.well-known/openid-configuration' is not an https URL", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
