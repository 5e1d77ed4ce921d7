using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Repository.Blob;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Runtime.Tests.Repository.Blob;

/// <summary>The blob repository against Azurite's Blob service: download, verification, atomic install, refusal and repair.</summary>
public sealed class BlobModelRepositoryTests(AzuriteBlobFixture azurite) : IClassFixture<AzuriteBlobFixture>, IDisposable
{
    private const string Prefix = "prod/";
    private static readonly byte[] VersionOne = BlobRepositoryContent.SeededBytes(4096, seed: 1);
    private static readonly byte[] VersionTwo = BlobRepositoryContent.SeededBytes(8192, seed: 2);

    private readonly TempDirectory _cache = new();
    private readonly CapturingLogger<BlobModelRepository> _log = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task SyncAsync_NewModel_InstallsVerifiedVersionAndReportsModel()
    {
        var (content, repository, _) = await StartAsync();
        await content.PutVersionAsync("iris", "1", VersionOne);

        var changed = await repository.SyncAsync(CancellationToken.None);

        Assert.Equal(["iris"], changed);
        Assert.Equal(["1"], repository.Find("iris")!.Versions);
        Assert.Equal(VersionOne, await File.ReadAllBytesAsync(repository.GetArtifactPath("iris", "1")));
        Assert.Empty(LeftoverTemporaries());
    }

    [Fact]
    public async Task SyncAsync_NothingChanged_ReportsNoModel()
    {
        var (content, repository, _) = await StartAsync();
        await content.PutVersionAsync("iris", "1", VersionOne);
        await repository.SyncAsync(CancellationToken.None);

        var changed = await repository.SyncAsync(CancellationToken.None);

        Assert.Empty(changed);
    }

    [Fact]
    public async Task SyncAsync_NewVersionUploaded_InstallsItBesideTheOld()
    {
        var (content, repository, _) = await StartAsync();
        await content.PutVersionAsync("iris", "1", VersionOne);
        await repository.SyncAsync(CancellationToken.None);

        await content.PutVersionAsync("iris", "2", VersionTwo, ("1", VersionOne));
        var changed = await repository.SyncAsync(CancellationToken.None);

        Assert.Equal(["iris"], changed);
        Assert.Equal(["1", "2"], repository.Find("iris")!.Versions);
        Assert.Equal(VersionTwo, await File.ReadAllBytesAsync(repository.GetArtifactPath("iris", "2")));
    }

    [Fact]
    public async Task SyncAsync_TamperedNewVersion_RefusedWithBothDigestsAndOldVersionKept()
    {
        var (content, repository, _) = await StartAsync();
        await content.PutVersionAsync("iris", "1", VersionOne);
        await repository.SyncAsync(CancellationToken.None);
        await content.PutVersionAsync("iris", "2", VersionTwo, ("1", VersionOne));
        var tampered = BlobRepositoryContent.SeededBytes(8192, seed: 3);
        await content.PutArtifactAsync("iris", "2", tampered);

        await repository.SyncAsync(CancellationToken.None);

        Assert.Equal(["1"], repository.Find("iris")!.Versions);
        Assert.Equal(VersionOne, await File.ReadAllBytesAsync(repository.GetArtifactPath("iris", "1")));
        Assert.Empty(LeftoverTemporaries());
        var error = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error).Message;
        Assert.Equal(
            $"Model iris version 2 refused: blob prod/iris/2/model.onnx has SHA-256 {BlobRepositoryContent.Sha256(tampered)} but config.json expects {BlobRepositoryContent.Sha256(VersionTwo)}. "
            + "The download is discarded and versions already cached keep serving; upload the right artifact, or correct versions.2.sha256 in config.json if the new artifact is the intended one",
            error);
    }

    [Fact]
    public async Task SyncAsync_TamperedBlobRetried_NotDownloadedAgainUntilItChanges()
    {
        var (content, repository, _) = await StartAsync();
        await content.PutVersionAsync("iris", "1", VersionOne);
        await content.PutArtifactAsync("iris", "1", VersionTwo);
        await repository.SyncAsync(CancellationToken.None);

        await repository.SyncAsync(CancellationToken.None);
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Error);

        await content.PutArtifactAsync("iris", "1", VersionOne);
        var changed = await repository.SyncAsync(CancellationToken.None);

        Assert.Equal(["iris"], changed);
        Assert.Equal(["1"], repository.Find("iris")!.Versions);
    }

    [Fact]
    public async Task SyncAsync_CachedVersionBlobReplaced_CachedCopyKept()
    {
        var (content, repository, _) = await StartAsync();
        await content.PutVersionAsync("iris", "1", VersionOne);
        await repository.SyncAsync(CancellationToken.None);

        await content.PutArtifactAsync("iris", "1", VersionTwo);
        var changed = await repository.SyncAsync(CancellationToken.None);

        Assert.Empty(changed);
        Assert.Equal(VersionOne, await File.ReadAllBytesAsync(repository.GetArtifactPath("iris", "1")));
    }

    [Fact]
    public async Task SyncAsync_VersionWithoutDeclaredSha256_NotDownloaded()
    {
        var (content, repository, _) = await StartAsync();
        await content.PutArtifactAsync("iris", "1", VersionOne);
        await content.PutConfigAsync("iris", new Dictionary<string, string>());

        await repository.SyncAsync(CancellationToken.None);

        Assert.Empty(repository.Find("iris")!.Versions);
        Assert.Contains("config.json declares no sha256 for it", Assert.Single(_log.Entries, e => e.Level == LogLevel.Error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAsync_AbandonedDownloadFolder_RemovedBeforeListing()
    {
        var (content, repository, _) = await StartAsync();
        await content.PutVersionAsync("iris", "1", VersionOne);
        // What kill -9 leaves: a half-written artifact beside a lock file nobody holds any more.
        var abandoned = _cache.WriteFile(".tmp-abandoned/model.onnx", VersionOne[..1000]);
        _cache.WriteFile(".tmp-abandoned/.downloading", "");

        await repository.SyncAsync(CancellationToken.None);

        Assert.False(File.Exists(abandoned));
        Assert.Empty(LeftoverTemporaries());
        Assert.Equal(VersionOne, await File.ReadAllBytesAsync(repository.GetArtifactPath("iris", "1")));
    }

    [Fact]
    public async Task SyncAsync_DownloadFolderLockedByAnotherSilo_LeftAlone()
    {
        var (_, repository, _) = await StartAsync();
        var folder = _cache.Combine(".tmp-other-silo");
        Directory.CreateDirectory(folder);
        using (AbandonedDownloads.Lock(folder))
        {
            await repository.SyncAsync(CancellationToken.None);

            Assert.True(Directory.Exists(folder));
        }
    }

    [Fact]
    public async Task SyncAsync_TwoSilosShareOneCache_OneCompleteCopyAndNoLeftovers()
    {
        var (content, first, container) = await StartAsync();
        var big = BlobRepositoryContent.SeededBytes(16 << 20, seed: 4);
        await content.PutVersionAsync("big", "1", big);
        using var second = new BlobModelRepository(container, Prefix, _cache.Path, TimeSpan.FromSeconds(30));

        await Task.WhenAll(Task.Run(() => first.SyncAsync(CancellationToken.None)), Task.Run(() => second.SyncAsync(CancellationToken.None)));

        Assert.Equal(["1"], first.Find("big")!.Versions);
        Assert.Equal(BlobRepositoryContent.Sha256(big), ArtifactVerifier.ComputeSha256(first.GetArtifactPath("big", "1")));
        Assert.Empty(LeftoverTemporaries());
    }

    [Fact]
    public async Task SyncAsync_InvalidConfigUploaded_CachedConfigKept()
    {
        var (content, repository, container) = await StartAsync();
        await content.PutVersionAsync("iris", "1", VersionOne);
        await repository.SyncAsync(CancellationToken.None);
        var cachedConfig = await File.ReadAllTextAsync(_cache.Combine("iris", "config.json"));

        await container.GetBlobClient("prod/iris/config.json").UploadAsync(BinaryData.FromString("{ not json"), overwrite: true);
        var changed = await repository.SyncAsync(CancellationToken.None);

        Assert.Empty(changed);
        Assert.Equal(cachedConfig, await File.ReadAllTextAsync(_cache.Combine("iris", "config.json")));
        Assert.Equal(["1"], repository.Find("iris")!.Versions);
    }

    [Fact]
    public void Location_ContainerUrlWithSasToken_NamesNoToken()
    {
        var container = new BlobContainerClient(new Uri("https://account.blob.core.windows.net/models?sv=2024&sig=secret"));

        using var repository = new BlobModelRepository(container, "/prod/", _cache.Path, TimeSpan.FromSeconds(30));

        Assert.Equal("https://account.blob.core.windows.net/models/prod/", repository.Source);
        Assert.DoesNotContain("secret", repository.Location, StringComparison.Ordinal);
    }

    private async Task<(BlobRepositoryContent Content, BlobModelRepository Repository, BlobContainerClient Container)> StartAsync()
    {
        var container = await azurite.CreateContainerAsync();
        return (new BlobRepositoryContent(container, Prefix), new BlobModelRepository(container, Prefix, _cache.Path, TimeSpan.FromSeconds(30), _log), container);
    }

    private string[] LeftoverTemporaries() =>
        Directory.EnumerateFileSystemEntries(_cache.Path, ".tmp-*", SearchOption.AllDirectories).ToArray();
}
