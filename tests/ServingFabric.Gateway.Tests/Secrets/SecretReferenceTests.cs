using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Gateway.Tests.Secrets;

public sealed class SecretReferenceTests
{
    [Theory]
    [InlineData("kv://myvault/storage-connection", SecretStoreKind.KeyVault, "myvault", "storage-connection")]
    [InlineData("KV://MyVault.vault.azure.net/api-keys", SecretStoreKind.KeyVault, "myvault.vault.azure.net", "api-keys")]
    [InlineData("kv://127.0.0.1:8443/admin", SecretStoreKind.KeyVault, "127.0.0.1:8443", "admin")]
    [InlineData("file:/var/run/secrets/servingfabric/kv/admin-key", SecretStoreKind.File, "/var/run/secrets/servingfabric/kv/admin-key", "admin-key")]
    public void TryParse_ValidReference_Parts(string text, SecretStoreKind store, string location, string name)
    {
        Assert.True(SecretReference.TryParse(text, out var reference, out _));
        Assert.Equal(new SecretReference(store, location, name), reference);
    }

    [Theory]
    [InlineData("kv://vault", "secret name")]
    [InlineData("kv:///name", "needs a vault")]
    [InlineData("kv://vault/name/with/slashes", "secret name")]
    [InlineData("kv://vault/na_me", "secret name")]
    [InlineData("file://etc/passwd", "not a file:// URL")]
    [InlineData("file:", "needs a path")]
    [InlineData("plain-text", "not a secret reference")]
    [InlineData("", "empty")]
    public void TryParse_Invalid_ErrorSaysWhat(string text, string expected)
    {
        Assert.False(SecretReference.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretValue_ToString_NamesReferenceAndVersionNeverTheValue()
    {
        var value = new SecretValue(SecretReference.Parse("kv://v/n", "t"), "abc123", "the-secret-itself", null);

        Assert.Equal("kv://v/n@abc123", value.ToString());
    }
}
