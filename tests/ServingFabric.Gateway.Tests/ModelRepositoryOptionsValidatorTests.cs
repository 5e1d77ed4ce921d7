using ServingFabric.Hosting;

namespace ServingFabric.Gateway.Tests;

public sealed class ModelRepositoryOptionsValidatorTests
{
    private const string AzuriteConnection =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(new ModelRepositoryOptionsValidator().Validate(null, new ModelRepositoryOptions()).Succeeded);

    [Theory]
    [InlineData(null, AzuriteConnection, "models")]
    [InlineData(null, "kv://fabric-vault/models-storage", "models")]
    [InlineData(null, "file:/run/secrets/models-storage", "models")]
    [InlineData("https://account.blob.core.windows.net/models", null, null)]
    [InlineData("https://account.blob.core.windows.net/models?sv=2024-11-04&sig=abc", null, null)]
    public void Validate_BlobWithOneContainer_Succeeds(string? uri, string? connection, string? container)
    {
        var result = Validate(new ModelRepositoryBlobOptions { ContainerUri = uri, ConnectionString = connection, Container = container });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(null, null, null, "Source is blob but no container is configured")]
    [InlineData("https://account.blob.core.windows.net/models", AzuriteConnection, "models", "ContainerUri and ConnectionString are both set")]
    [InlineData("not a url", null, null, "ContainerUri is not an http(s) URL of a container")]
    [InlineData("https://account.blob.core.windows.net/", null, null, "ContainerUri is not an http(s) URL of a container")]
    [InlineData(null, AzuriteConnection, "Models_1", "Container 'Models_1' is not a valid container name")]
    [InlineData(null, "AccountName=x", "models", "ConnectionString is not a usable Azure Storage connection string")]
    [InlineData(null, "kv://", "models", "ServingFabric:ModelRepository:Blob:ConnectionString:")]
    public void Validate_BadContainerSettings_FailsNamingTheSetting(string? uri, string? connection, string? container, string expected)
    {
        var result = Validate(new ModelRepositoryBlobOptions { ContainerUri = uri, ConnectionString = connection, Container = container });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadConnectionString_NeverQuotesIt()
    {
        var result = Validate(new ModelRepositoryBlobOptions { ConnectionString = "AccountName=x;AccountKey=not-base64-secret", Container = "models" });

        Assert.DoesNotContain("not-base64-secret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CacheAndPollAndPrefix_FailNamingEachSetting()
    {
        var result = Validate(new ModelRepositoryBlobOptions
        {
            ConnectionString = AzuriteConnection, Container = "models", CacheDirectory = " ", PollInterval = TimeSpan.Zero, Prefix = "prod/../other",
        });

        Assert.Contains("ServingFabric:ModelRepository:Blob:CacheDirectory is empty", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:ModelRepository:Blob:PollInterval is 00:00:00", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:ModelRepository:Blob:Prefix 'prod/../other' has a '.' or '..' segment", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownSource_FailsNamingBothSources()
    {
        var result = new ModelRepositoryOptionsValidator().Validate(null, new ModelRepositoryOptions { Source = "s3" });

        Assert.Contains("ServingFabric:ModelRepository:Source 's3' is not a repository source; use filesystem", result.FailureMessage, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(ModelRepositoryBlobOptions blob) =>
        new ModelRepositoryOptionsValidator().Validate(null, new ModelRepositoryOptions { Source = "blob", Blob = blob });
}
