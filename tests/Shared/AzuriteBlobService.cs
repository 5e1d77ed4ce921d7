namespace ServingFabric.Tests.Shared;

/// <summary>Azurite's Blob service on a free loopback port, in memory.</summary>
internal sealed class AzuriteBlobService : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented; not a secret).</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly AzuriteNode _node;

    private AzuriteBlobService(AzuriteNode node) => _node = node;

    public int Port => _node.Port;

    /// <summary>A connection string for the development account, pointing only at this blob endpoint.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static async Task<AzuriteBlobService> StartAsync(TimeSpan limit) =>
        new(await AzuriteNode.StartAsync("blob", FreePorts.Take(1)[0], ["--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry"], limit));

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
