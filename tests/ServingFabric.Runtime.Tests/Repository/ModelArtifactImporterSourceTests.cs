using System.Diagnostics;
using ServingFabric.Inference;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Runtime.Tests.Repository;

/// <summary>
/// What the importer may read: only regular, non-empty files inside the import roots (symbolic links followed), named
/// by an absolute path without URIs or '..', up to the size limit. Every refusal that depends on the file system reads
/// the same, so a caller learns neither whether a path exists nor what a file's digest is; the log has the reason.
/// </summary>
public sealed class ModelArtifactImporterSourceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sf-import-src-" + Guid.NewGuid().ToString("N"));
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), "sf-inbox-src-" + Guid.NewGuid().ToString("N"));
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "sf-outside-src-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLogger<ModelArtifactImporter> _log = new();
    private readonly byte[] _model = SampleModels.CreateIrisMlp();

    public ModelArtifactImporterSourceTests()
    {
        SampleModels.WriteSampleRepository(_root);
        Directory.CreateDirectory(_inbox);
        Directory.CreateDirectory(_outside);
    }

    private static string NotImportable(string source) =>
        $"field 'artifact' ('{source}') is not an importable file under the configured import roots (ServingFabric:Gateway:ArtifactImportRoots); place the artifact, a regular file, in an import root and give its absolute path";

    private ModelArtifactImporter Importer(long maxBytes = ModelArtifactImporter.DefaultMaxArtifactBytes) => new(_root, [_inbox], _log, maxBytes);

    private string Write(string folder, string name, byte[]? bytes = null)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes ?? _model);
        return path;
    }

    private async Task<InferenceException> RefusedAsync(ModelArtifactImporter importer, string source, string? sha256 = null)
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => importer.ImportAsync("iris", "2", source, sha256 ?? new string('a', 64)));
        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.False(Directory.Exists(Path.Combine(_root, "iris", "2")));
        return error;
    }

    [Fact]
    public async Task ImportAsync_EtcPasswd_RefusedWithTheGenericMessageAndTheReasonLogged()
    {
        var error = await RefusedAsync(Importer(), "/etc/passwd");

        Assert.Equal(NotImportable("/etc/passwd"), error.Message);
        Assert.Contains("Refused to import version 2 of model iris from /etc/passwd: its real path /etc/passwd is not inside an import root", _log.Warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_MissingFileInRootAndOutside_SameMessageAsAnExistingFileOutside()
    {
        var missingInRoot = Path.Combine(_inbox, "missing.onnx");
        var missingOutside = Path.Combine(_outside, "missing.onnx");
        var existingOutside = Write(_outside, "there.onnx");

        Assert.Equal(NotImportable(missingInRoot), (await RefusedAsync(Importer(), missingInRoot)).Message);
        Assert.Equal(NotImportable(missingOutside), (await RefusedAsync(Importer(), missingOutside)).Message);
        Assert.Equal(NotImportable(existingOutside), (await RefusedAsync(Importer(), existingOutside)).Message);
        Assert.Contains($"{missingInRoot} does not exist", _log.Warnings, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "is a URI")]
    [InlineData("file:/etc/passwd", "is a URI")]
    [InlineData("s3://bucket/model.onnx", "is a URI")]
    [InlineData("relative/model.onnx", "is a relative path")]
    [InlineData("", "is empty")]
    public async Task ImportAsync_NotAnAbsolutePath_RefusedSaying(string source, string expected)
    {
        var error = await RefusedAsync(Importer(), source);

        Assert.Contains($"('{source}') {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_DotDotSegment_RefusedEvenWhenItStaysInTheRoot()
    {
        Directory.CreateDirectory(Path.Combine(_inbox, "sub"));
        var artifact = Write(_inbox, "model.onnx");
        var source = Path.Combine(_inbox, "sub", "..", "model.onnx");

        var error = await RefusedAsync(Importer(), source, ArtifactVerifier.ComputeSha256(artifact));

        Assert.Contains("contains a '..' segment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_SymlinkInRootToAFileOutside_Refused()
    {
        var link = Path.Combine(_inbox, "passwd.onnx");
        File.CreateSymbolicLink(link, "/etc/passwd");

        var error = await RefusedAsync(Importer(), link);

        Assert.Equal(NotImportable(link), error.Message);
        Assert.Contains("its real path /etc/passwd is not inside an import root", _log.Warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_SymlinkedFolderInRootLeadingOutside_Refused()
    {
        var outsideArtifact = Write(_outside, "model.onnx");
        Directory.CreateSymbolicLink(Path.Combine(_inbox, "elsewhere"), _outside);
        var source = Path.Combine(_inbox, "elsewhere", "model.onnx");

        var error = await RefusedAsync(Importer(), source, ArtifactVerifier.ComputeSha256(outsideArtifact));

        Assert.Equal(NotImportable(source), error.Message);
    }

    [Fact]
    public async Task ImportAsync_SymlinkInRootToAFileInRoot_Imported()
    {
        var artifact = Write(_inbox, "model-v2.onnx");
        var link = Path.Combine(_inbox, "latest.onnx");
        File.CreateSymbolicLink(link, artifact);

        Assert.True(await Importer().ImportAsync("iris", "2", link, ArtifactVerifier.ComputeSha256(artifact)));

        Assert.Equal(_model, File.ReadAllBytes(Path.Combine(_root, "iris", "2", "model.onnx")));
    }

    [Fact]
    public async Task ImportAsync_RootIsASymlink_FilesInItImported()
    {
        var linkedRoot = Path.Combine(_outside, "inbox-link");
        Directory.CreateSymbolicLink(linkedRoot, _inbox);
        var artifact = Write(_inbox, "model.onnx");
        var importer = new ModelArtifactImporter(_root, [linkedRoot], _log);

        Assert.True(await importer.ImportAsync("iris", "2", Path.Combine(linkedRoot, "model.onnx"), ArtifactVerifier.ComputeSha256(artifact)));
    }

    [Fact]
    public async Task ImportAsync_Folder_RefusedWithTheGenericMessage()
    {
        Directory.CreateDirectory(Path.Combine(_inbox, "folder.onnx"));
        var source = Path.Combine(_inbox, "folder.onnx");

        var error = await RefusedAsync(Importer(), source);

        Assert.Equal(NotImportable(source), error.Message);
        Assert.Contains($"{source} is a folder", _log.Warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_FifoInRoot_RefusedWithoutOpeningIt()
    {
        var fifo = Path.Combine(_inbox, "pipe.onnx");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening a FIFO for reading blocks until a writer comes; a refusal at all shows it was not opened.
        var error = await RefusedAsync(Importer(), fifo);

        Assert.Equal(NotImportable(fifo), error.Message);
        Assert.Contains("is empty or not a regular file", _log.Warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_DevZeroWithDevAsARoot_RefusedWithoutReading()
    {
        var importer = new ModelArtifactImporter(_root, ["/dev"], _log);

        // Reading /dev/zero never ends; the default 4 GiB limit would take many seconds to reach.
        var error = await RefusedAsync(importer, "/dev/zero");

        Assert.Equal(NotImportable("/dev/zero"), error.Message);
        Assert.Contains("/dev/zero is empty or not a regular file", _log.Warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_EmptyFile_Refused()
    {
        var empty = Write(_inbox, "empty.onnx", []);

        var error = await RefusedAsync(Importer(), empty, ArtifactVerifier.ComputeSha256(empty));

        Assert.Equal(NotImportable(empty), error.Message);
    }

    [Fact]
    public async Task ImportAsync_LargerThanTheLimit_RefusedNamingTheSettingAndNoPartialLeft()
    {
        var artifact = Write(_inbox, "big.onnx");
        var configBefore = File.ReadAllText(Path.Combine(_root, "iris", "config.json"));

        var error = await RefusedAsync(Importer(maxBytes: _model.Length - 1), artifact, ArtifactVerifier.ComputeSha256(artifact));

        Assert.Equal($"field 'artifact' ('{artifact}') is larger than the {_model.Length - 1} bytes an artifact may have (ServingFabric:Gateway:MaxArtifactImportBytes); nothing was imported. Raise the limit if the model is really that large", error.Message);
        Assert.Equal(configBefore, File.ReadAllText(Path.Combine(_root, "iris", "config.json")));
        Assert.Empty(Directory.EnumerateFiles(_root, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ImportAsync_ExactlyTheLimit_Imported()
    {
        var artifact = Write(_inbox, "fits.onnx");

        Assert.True(await Importer(maxBytes: _model.Length).ImportAsync("iris", "2", artifact, ArtifactVerifier.ComputeSha256(artifact)));
    }

    [Fact]
    public async Task ImportAsync_WrongDigest_MessageHidesTheActualDigestWhichIsLogged()
    {
        var artifact = Write(_inbox, "model.onnx");
        var actual = ArtifactVerifier.ComputeSha256(artifact);
        var wrong = new string('b', 64);

        var error = await RefusedAsync(Importer(), artifact, wrong);

        Assert.DoesNotContain(actual, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_inbox, error.Message, StringComparison.Ordinal);
        Assert.Contains($"has SHA-256 {actual}, the caller expected {wrong}", _log.Warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_NoRootsConfigured_OnlyFilesInsideTheRepository()
    {
        var importer = new ModelArtifactImporter(_root, [], _log);
        var repositoryInbox = Path.Combine(_root, ".inbox");
        Directory.CreateDirectory(repositoryInbox);
        var inside = Write(repositoryInbox, "model.onnx");
        var outside = Write(_inbox, "model.onnx");

        Assert.Equal(NotImportable(outside), (await RefusedAsync(importer, outside, ArtifactVerifier.ComputeSha256(outside))).Message);
        Assert.True(await importer.ImportAsync("iris", "2", inside, ArtifactVerifier.ComputeSha256(inside)));
        Assert.Contains("no roots configured: the model repository only", _log.Warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_RepositoryFailure_MessageNamesNoServerPath()
    {
        var artifact = Write(_inbox, "model.onnx");
        var importer = Importer();

        var error = await Assert.ThrowsAsync<InferenceException>(() => importer.ImportAsync("nope", "2", artifact, ArtifactVerifier.ComputeSha256(artifact)));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.DoesNotContain(_root, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_inbox, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }
}
