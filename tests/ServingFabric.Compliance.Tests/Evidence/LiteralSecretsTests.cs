using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Tests.Evidence;

public sealed class LiteralSecretsTests
{
    private const string AccountKey = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0";

    [Theory]
    [InlineData("- name: ServingFabric__Storage__ConnectionString\n  value: kv://servingfabric-kv/storage-connection-string")]
    [InlineData("- name: ServingFabric__Gateway__AdminApiKey\n  value: file:/var/run/secrets/servingfabric/keys/admin")]
    [InlineData("- name: ServingFabric__Secrets__PollInterval\n  value: \"00:05:00\"")]
    [InlineData("secret:\n  secretName: servingfabric-storage")]
    [InlineData("resource \"azurerm_key_vault_secret\" \"storage\" { value = var.storage_connection_string }")]
    public void Find_SecretReferences_FindsNothing(string text) => Assert.Empty(LiteralSecrets.Find(text));

    [Theory]
    [InlineData("ConnectionString=DefaultEndpointsProtocol=https;AccountName=sf;AccountKey=" + AccountKey, "storage account key")]
    [InlineData("- name: DB_PASSWORD\n  value: hunter2hunter2", "secret-named environment variable with a literal value")]
    [InlineData("\"admin_api_key\": \"sf_abcdefghijklmnopqrstuvwxyz\"", "fabric API key")]
    public void Find_LiteralSecret_NamesItsKindAndLine(string text, string kind) =>
        Assert.Contains(LiteralSecrets.Find("# header\n" + text), f => f.Kind == kind && f.Line == 2);

    [Fact]
    public void Redact_LiteralAccountKey_LeavesNoTraceOfTheValue()
    {
        var redacted = LiteralSecrets.Redact($"AccountName=sf;AccountKey={AccountKey};EndpointSuffix=core.windows.net");

        Assert.DoesNotContain(AccountKey, redacted, StringComparison.Ordinal);
        Assert.Contains($"AccountKey={LiteralSecrets.Redacted}", redacted, StringComparison.Ordinal);
    }
}
