using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using ServingFabric.Runtime.Repository.Blob;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Cli.Tests.Blob;

/// <summary><c>fabric versions register --upload</c> against Azurite's Blob service, read back by the silos' blob repository.</summary>
public sealed class VersionUploadTests : IAsyncLifetime
{
    private static readonly byte[] VersionOne = BlobRepositoryContent.SeededBytes(2048, seed: 1);
    private static readonly byte[] VersionTwo = BlobRepositoryContent.SeededBytes(4096, seed: 2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sf-cli-upload-" + Guid.NewGuid().ToString("N"));
    private AzuriteBlobService? _azurite;
    private BlobContainerClient? _container;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _azurite = await AzuriteBlobService.StartAsync(TimeSpan.FromSeconds(30));
        _container = new BlobContainerClient(_azurite.ConnectionString, "models");
        await _container.CreateAsync();
        await new BlobRepositoryContent(_container, "prod/").PutVersionAsync("iris", "1", VersionOne);
    }

    [Fact]
    public async Task Register_Upload_SilosBlobRepositoryInstallsTheVerifiedVersion()
    {
        var artifact = WriteArtifact(VersionTwo);

        var (code, output, error) = await RunAsync("versions", "register", "iris", "2", "--artifact", artifact,
            "--sha256", BlobRepositoryContent.Sha256(VersionTwo), "--upload", Sas(), "--prefix", "prod", "--default");

        Assert.True(code == FabricCommand.Ok, error);
        Assert.StartsWith("uploaded prod/iris/2/model.onnx (4096 bytes, SHA-256 ", output, StringComparison.Ordinal);
        using var repository = new BlobModelRepository(_container!, "prod", Path.Combine(_folder, "cache"), TimeSpan.FromSeconds(30));
        await repository.SyncAsync(CancellationToken.None);
        var model = repository.Find("iris")!;
        Assert.Equal(["1", "2"], model.Versions);
        Assert.Equal("2", model.Config.DefaultVersion);
        Assert.Equal(BlobRepositoryContent.Sha256(VersionTwo), model.Config.Versions!["2"].Sha256);
    }

    [Fact]
    public async Task Register_UploadWithWrongSha256_FailsAndUploadsNothing()
    {
        var artifact = WriteArtifact(VersionTwo);

        var (code, _, error) = await RunAsync("versions", "register", "iris", "2", "--artifact", artifact,
            "--sha256", BlobRepositoryContent.Sha256(VersionOne), "--upload", Sas(), "--prefix", "prod");

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Contains($"has SHA-256 {BlobRepositoryContent.Sha256(VersionTwo)} but --sha256 says {BlobRepositoryContent.Sha256(VersionOne)}; nothing was uploaded", error, StringComparison.Ordinal);
        Assert.False(await _container!.GetBlobClient("prod/iris/2/model.onnx").ExistsAsync());
    }

    [Fact]
    public async Task Register_UploadOfDeclaredVersion_RefusedAsImmutable()
    {
        var artifact = WriteArtifact(VersionTwo);

        var (code, _, error) = await RunAsync("versions", "register", "iris", "1", "--artifact", artifact,
            "--sha256", BlobRepositoryContent.Sha256(VersionTwo), "--upload", Sas(), "--prefix", "prod");

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Contains("prod/iris/config.json already declares version 1; versions are immutable", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_UploadWithWait_UsageError()
    {
        var (code, _, error) = await RunAsync("versions", "register", "iris", "2", "--artifact", "m.onnx", "--sha256", "abc", "--upload", Sas(), "--wait");

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.Contains("--wait does not apply with --upload", error, StringComparison.Ordinal);
    }

    private string WriteArtifact(byte[] bytes)
    {
        var path = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Sas() => _container!.GenerateSasUri(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)).ToString();

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args) =>
        await ManagementCommandTests.RunAsync(new RecordingHandler(), ManagementCommandTests.Environment(null, null), args);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
