using ServingFabric.Inference;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Runtime.Tests.Repository;

/// <summary>
/// Importing artifacts into a real temporary repository from a real import root: verified while copying, atomic,
/// idempotent, refused when different. What may be imported is tested in ModelArtifactImporterSourceTests.
/// </summary>
public sealed class ModelArtifactImporterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sf-import-" + Guid.NewGuid().ToString("N"));
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), "sf-inbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _artifact;
    private readonly string _sha;

    public ModelArtifactImporterTests()
    {
        SampleModels.WriteSampleRepository(_root);
        Directory.CreateDirectory(_inbox);
        _artifact = Path.Combine(_inbox, "iris-2.onnx");
        File.WriteAllBytes(_artifact, SampleModels.CreateIrisMlp());
        _sha = ArtifactVerifier.ComputeSha256(_artifact);
    }

    private string ConfigPath => Path.Combine(_root, "iris", "config.json");

    private ModelArtifactImporter Importer() => new(_root, [_inbox]);

    [Fact]
    public async Task ImportAsync_RightDigest_CopiesAndRecordsDigestForLoads()
    {
        var copied = await Importer().ImportAsync("iris", "2", _artifact, _sha.ToUpperInvariant());

        Assert.True(copied);
        var target = Path.Combine(_root, "iris", "2", "model.onnx");
        Assert.Equal(File.ReadAllBytes(_artifact), File.ReadAllBytes(target));
        var model = new FileSystemModelRepository(_root).Find("iris")!;
        Assert.Equal(["1", "2"], model.Versions);
        Assert.Equal(_sha, model.Config.Versions!["2"].Sha256);
        Assert.Equal(64, model.Config.MaxBatchSize);
        ArtifactVerifier.Verify(target, model.Config.Versions["2"].Sha256, "iris", "2");
        Assert.Equal(["model.onnx"], Directory.EnumerateFileSystemEntries(Path.Combine(_root, "iris", "2")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ImportAsync_WrongDigest_Returns400AndLeavesNothing()
    {
        var configBefore = File.ReadAllText(ConfigPath);
        var wrong = new string('a', 64);

        var error = await Assert.ThrowsAsync<InferenceException>(() => Importer().ImportAsync("iris", "2", _artifact, wrong));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Equal($"the artifact's SHA-256 is not {wrong} as field 'sha256' says; nothing was imported. Check that you named the right file and digest (sha256sum prints it)", error.Message);
        Assert.DoesNotContain(_sha, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "iris", "2")));
        Assert.Equal(configBefore, File.ReadAllText(ConfigPath));
    }

    [Fact]
    public async Task ImportAsync_SameArtifactTwice_SecondIsNoOp()
    {
        var importer = Importer();
        Assert.True(await importer.ImportAsync("iris", "2", _artifact, _sha));

        Assert.False(await importer.ImportAsync("iris", "2", _artifact, _sha));
    }

    [Fact]
    public async Task ImportAsync_DifferentArtifactForExistingVersion_Returns409()
    {
        var other = Path.Combine(_inbox, "other.onnx");
        File.WriteAllBytes(other, [1, 2, 3]);

        var error = await Assert.ThrowsAsync<InferenceException>(() =>
            Importer().ImportAsync("iris", "1", other, ArtifactVerifier.ComputeSha256(other)));

        Assert.Equal(InferenceErrorKind.Conflict, error.Kind);
        Assert.Contains("is already recorded with SHA-256", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_root, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_ExistingFolderWithDifferentArtifactAndNoRecord_Returns409()
    {
        Directory.CreateDirectory(Path.Combine(_root, "iris", "3"));
        File.WriteAllBytes(Path.Combine(_root, "iris", "3", "model.onnx"), [9, 9, 9]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => Importer().ImportAsync("iris", "3", _artifact, _sha));

        Assert.Equal(InferenceErrorKind.Conflict, error.Kind);
        Assert.Contains("already has a different artifact", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_UnknownModel_Returns404()
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => Importer().ImportAsync("nope", "2", _artifact, _sha));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task ImportAsync_ConcurrentImportsOfTwoVersions_BothRecorded()
    {
        var importer = Importer();

        await Task.WhenAll(importer.ImportAsync("iris", "2", _artifact, _sha), importer.ImportAsync("iris", "3", _artifact, _sha));

        var versions = new FileSystemModelRepository(_root).Find("iris")!.Config.Versions!;
        Assert.Equal(_sha, versions["2"].Sha256);
        Assert.Equal(_sha, versions["3"].Sha256);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_inbox, recursive: true);
    }
}
