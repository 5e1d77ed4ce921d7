using Azure.Storage.Blobs;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Runtime.Tests.Repository.Blob;

/// <summary>One Azurite Blob service for the class's tests; each test takes a container of its own.</summary>
public sealed class AzuriteBlobFixture : IAsyncLifetime
{
    private AzuriteBlobService? _azurite;
    private int _containers;

    internal AzuriteBlobService Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started");

    public async Task InitializeAsync() => _azurite = await AzuriteBlobService.StartAsync(TimeSpan.FromSeconds(30));

    /// <summary>A new, empty container.</summary>
    public async Task<BlobContainerClient> CreateContainerAsync()
    {
        var container = new BlobContainerClient(Azurite.ConnectionString, $"models-{Interlocked.Increment(ref _containers)}");
        await container.CreateAsync();
        return container;
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
