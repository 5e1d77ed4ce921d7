using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Deployment;
using ServingFabric.Grains.Deployment;
using ServingFabric.Inference;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Repository.Blob;
using ServingFabric.Samples;

namespace ServingFabric.Gateway.Tests;

/// <summary>
/// The repository services the gateway drives through Abstractions' contracts, as the silo registers them over a real
/// temporary repository: the importer writes into the silo's repository from the configured roots only, and the
/// repository extension's deployer is the one start-up uses.
/// </summary>
public sealed class SiloRepositoryServicesTests : IDisposable
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-silo-repo-" + Guid.NewGuid().ToString("N"));
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), "sf-silo-inbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "sf-silo-outside-" + Guid.NewGuid().ToString("N"));

    public SiloRepositoryServicesTests()
    {
        SampleModels.WriteSampleRepository(_repository);
        Directory.CreateDirectory(_inbox);
        Directory.CreateDirectory(_outside);
    }

    [Fact]
    public async Task ArtifactImporter_SourceInAnImportRoot_LandsInTheSilosRepositoryWithItsDigest()
    {
        var artifact = WriteArtifact(_inbox);
        var sha256 = ArtifactVerifier.ComputeSha256(artifact);
        await using var app = SiloHosts.Build(Settings(importRoots: [_inbox]));

        var copied = await app.Services.GetRequiredService<IModelArtifactImporter>().ImportAsync("iris", "2", artifact, sha256);

        Assert.True(copied);
        Assert.Equal(File.ReadAllBytes(artifact), File.ReadAllBytes(Path.Combine(_repository, "iris", "2", "model.onnx")));
        Assert.Equal(sha256, new FileSystemModelRepository(_repository).Find("iris")!.Config.Versions!["2"].Sha256);
    }

    [Fact]
    public async Task ArtifactImporter_SourceOutsideTheImportRoots_Refused400NamingTheSetting()
    {
        var artifact = WriteArtifact(_outside);
        await using var app = SiloHosts.Build(Settings(importRoots: [_inbox]));

        var error = await Assert.ThrowsAsync<InferenceException>(() => app.Services.GetRequiredService<IModelArtifactImporter>()
            .ImportAsync("iris", "2", artifact, ArtifactVerifier.ComputeSha256(artifact)));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Equal($"field 'artifact' ('{artifact}') is not an importable file under the configured import roots (ServingFabric:Gateway:ArtifactImportRoots); place the artifact, a regular file, in an import root and give its absolute path", error.Message);
        Assert.False(Directory.Exists(Path.Combine(_repository, "iris", "2")));
    }

    [Fact]
    public async Task ArtifactImporter_NoImportRoots_OnlyTheRepositoryItself()
    {
        var artifact = WriteArtifact(_outside);
        await using var app = SiloHosts.Build(Settings(importRoots: []));
        var importer = app.Services.GetRequiredService<IModelArtifactImporter>();

        await Assert.ThrowsAsync<InferenceException>(() => importer.ImportAsync("iris", "2", artifact, ArtifactVerifier.ComputeSha256(artifact)));
        Directory.CreateDirectory(Path.Combine(_repository, ".inbox"));
        var inside = WriteArtifact(Path.Combine(_repository, ".inbox"));
        Assert.True(await importer.ImportAsync("iris", "2", inside, ArtifactVerifier.ComputeSha256(inside)));
    }

    [Fact]
    public async Task ModelDeployer_RepositoryExtension_UsesTheDeployerStartUpUses()
    {
        await using var app = SiloHosts.Build(Settings(importRoots: []));

        Assert.Same(app.Services.GetRequiredService<ModelDeployer>(), app.Services.GetRequiredService<IModelDeployer>());
    }

    public void Dispose()
    {
        Directory.Delete(_repository, recursive: true);
        Directory.Delete(_inbox, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private static string WriteArtifact(string folder)
    {
        var path = Path.Combine(folder, "iris-2.onnx");
        File.WriteAllBytes(path, SampleModels.CreateIrisMlp());
        return path;
    }

    [Fact]
    public async Task Repository_SourceBlob_IsTheBlobRepositoryAndImportsLandInItsCache()
    {
        var cache = Path.Combine(_outside, "cache");
        await using var app = SiloHosts.Build(new Dictionary<string, string?>
        {
            ["ServingFabric:ModelRepository:Source"] = "blob",
            ["ServingFabric:ModelRepository:Blob:ConnectionString"] = "UseDevelopmentStorage=true",
            ["ServingFabric:ModelRepository:Blob:Container"] = "models",
            ["ServingFabric:ModelRepository:Blob:Prefix"] = "prod",
            ["ServingFabric:ModelRepository:Blob:CacheDirectory"] = cache,
        });

        var repository = Assert.IsType<BlobModelRepository>(app.Services.GetRequiredService<IModelRepository>());
        Assert.Equal(cache, repository.CacheDirectory);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/models/prod/", repository.Source);
        Assert.NotNull(app.Services.GetRequiredService<IModelArtifactImporter>());
    }

    private Dictionary<string, string?> Settings(string[] importRoots)
    {
        var settings = new Dictionary<string, string?> { ["ServingFabric:ModelRepository:Path"] = _repository };
        for (var i = 0; i < importRoots.Length; i++)
        {
            settings[$"ServingFabric:Gateway:ArtifactImportRoots:{i}"] = importRoots[i];
        }

        return settings;
    }
}
