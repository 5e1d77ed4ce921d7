using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Hosting;
using ServingFabric.Hosting.Secrets;

namespace ServingFabric.Gateway.Tests.Secrets;

public sealed class StorageConnectionTests
{
    private const string KeyOne = "a2V5LW9uZS1rZXktb25lLWtleS1vbmUtMDEyMzQ1Njc4OQ==";
    private const string KeyTwo = "a2V5LXR3by1rZXktdHdvLWtleS10d28tMDEyMzQ1Njc4OQ==";

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=prodacct;AccountKey=" + KeyOne + ";EndpointSuffix=core.windows.net", "https://prodacct.table.core.windows.net/", "prodacct")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + KeyOne + ";TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;", "http://127.0.0.1:10002/devstoreaccount1", "devstoreaccount1")]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10002/devstoreaccount1", "devstoreaccount1")]
    [InlineData("TableEndpoint=https://acct.table.core.windows.net;SharedAccessSignature=sv=2024-01-01&sig=abc", "https://acct.table.core.windows.net/", "")]
    public void Parse_ValidForms_EndpointAndAccount(string text, string endpoint, string account)
    {
        var parsed = StorageConnectionString.Parse(text);

        Assert.Equal(new Uri(endpoint), parsed.TableEndpoint);
        Assert.Equal(account, parsed.AccountName);
    }

    [Theory]
    [InlineData("AccountName=a;AccountKey=not base64!!", "not base64")]
    [InlineData("AccountName=a", "exactly one of AccountKey and SharedAccessSignature")]
    [InlineData("AccountKey=" + KeyOne + ";TableEndpoint=https://x.table.core.windows.net", "needs AccountName")]
    [InlineData("AccountKey=" + KeyOne, "neither TableEndpoint nor AccountName")]
    [InlineData("garbage-without-equals", "not key=value")]
    [InlineData("TableEndpoint=ftp://x;AccountName=a;AccountKey=" + KeyOne, "not an http(s) URL")]
    public void Parse_Broken_FormatExceptionWithoutTheValue(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyOne, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_NewKeySameAccount_SameClientKeptEndpointChangeRefused()
    {
        var reference = SecretReference.Parse("kv://vault/storage", "test");
        var resolved = new ResolvedSecrets();
        resolved.Add(StorageConnection.SettingName, new SecretValue(reference, "1", $"AccountName=acct;AccountKey={KeyOne};TableEndpoint=https://acct.table.core.windows.net", null));
        var connection = new StorageConnection(Options.Create(new ServingFabricStorageOptions { ConnectionString = "kv://vault/storage" }), resolved);
        var client = connection.Client;

        await connection.ApplyAsync(new SecretValue(reference, "2", $"AccountName=acct;AccountKey={KeyTwo};TableEndpoint=https://acct.table.core.windows.net", null), default);
        var moved = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            connection.ApplyAsync(new SecretValue(reference, "3", $"AccountName=other;AccountKey={KeyTwo};TableEndpoint=https://other.table.core.windows.net", null), default));
        var broken = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ApplyAsync(new SecretValue(reference, "4", "AccountName=acct", null), default));

        Assert.Same(client, connection.Client);
        Assert.Contains("restart the silos", moved.Message, StringComparison.Ordinal);
        Assert.Contains("kv://vault/storage@4 is not a usable Azure Storage connection string", broken.Message, StringComparison.Ordinal);
    }
}
