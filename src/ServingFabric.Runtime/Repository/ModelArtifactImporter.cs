using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Deployment;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>
/// Imports a model version's artifact into a file-system repository (<c>&lt;root&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c>):
/// copies it from a local path while computing its SHA-256, refuses it when the digest differs from the one given,
/// records the digest in the model's config.json (so every later load verifies it) and only then renames the copy into
/// place, so no reader ever sees a partial or unverified artifact. An artifact already there is accepted only when
/// identical (409 otherwise). Imports into one model are serialized, across processes too (a lock file), because they
/// rewrite config.json. Artifacts come only from the import roots (the repository itself when none is configured), as
/// regular files no larger than a limit (see <c>ModelArtifactImporter.Sources.cs</c>); what callers are told names no
/// server path and no digest they did not give, the log has the detail.
/// </summary>
public sealed partial class ModelArtifactImporter : IModelArtifactImporter
{
    private const int BufferSize = 1 << 20;
    private const string LockFileName = ".import.lock";
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ModelGates = new(StringComparer.Ordinal);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private static readonly JsonDocumentOptions ConfigReadOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The default bound on an artifact's size: 4 GiB.</summary>
    public const long DefaultMaxArtifactBytes = 4L * 1024 * 1024 * 1024;

    private readonly List<string> _allowedRoots;
    private readonly long _maxArtifactBytes;
    private readonly ILogger _logger;

    /// <summary>Imports into the repository at <paramref name="repositoryRoot"/>.</summary>
    /// <param name="repositoryRoot">The repository folder.</param>
    /// <param name="allowedSourceRoots">
    /// Folders artifacts may come from (symbolic links in them are followed before the check); empty: only files
    /// inside the model repository itself.
    /// </param>
    /// <param name="logger">Where imports and refusals are logged.</param>
    /// <param name="maxArtifactBytes">The largest artifact imported; larger ones are refused and no partial copy is left.</param>
    public ModelArtifactImporter(string repositoryRoot, IEnumerable<string>? allowedSourceRoots = null, ILogger<ModelArtifactImporter>? logger = null,
        long maxArtifactBytes = DefaultMaxArtifactBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryRoot);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxArtifactBytes);
        RepositoryRoot = Path.GetFullPath(repositoryRoot);
        _allowedRoots = (allowedSourceRoots ?? []).Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).ToList();
        _maxArtifactBytes = maxArtifactBytes;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The repository folder imported into.</summary>
    public string RepositoryRoot { get; }

    /// <summary>
    /// Imports <paramref name="source"/> (an absolute path inside an import root) as <paramref name="version"/> of
    /// <paramref name="modelName"/>. Returns true when it was copied, false when the identical artifact was already
    /// there. Throws <see cref="InferenceException"/>: InvalidInput (bad name, digest or source, a source that is not
    /// importable, too large, digest mismatch; nothing is left behind), NotFound (no such model folder), Conflict (a different artifact or digest is already recorded for
    /// the version), Unavailable (the repository cannot be written).
    /// </summary>
    public async Task<bool> ImportAsync(string modelName, string version, string source, string sha256, CancellationToken cancellationToken = default)
    {
        RequireNames(modelName, version);
        if (sha256 is null || sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"sha256 '{sha256}' is not 64 hexadecimal digits; give the artifact's digest as sha256sum prints it");
        }

        var sourcePath = ResolveSource(modelName, version, source);
        return await ImportWithAsync(modelName, version, sha256.ToLowerInvariant(), sourcePath,
            (partial, token) => CopyAsync(modelName, version, source, sourcePath, partial, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports <paramref name="artifact"/>, made on this silo (by the model optimizer), as <paramref name="version"/> of
    /// <paramref name="modelName"/> with the same guarantees as a file: digest recorded first, renamed into place last.
    /// Returns its SHA-256 (lower-case hex). Throws <see cref="InferenceException"/> as the file import does.
    /// </summary>
    /// <param name="origin">What made it, for the log.</param>
    public async Task<string> ImportAsync(string modelName, string version, ReadOnlyMemory<byte> artifact, string origin, CancellationToken cancellationToken = default)
    {
        RequireNames(modelName, version);
        if (artifact.Length > _maxArtifactBytes)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"the artifact has {artifact.Length} bytes, over the import limit of {_maxArtifactBytes}");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(artifact.Span));
        await ImportWithAsync(modelName, version, sha256, origin, async (partial, token) =>
        {
            await File.WriteAllBytesAsync(partial, artifact, token).ConfigureAwait(false);
            return sha256;
        }, cancellationToken).ConfigureAwait(false);
        return sha256;
    }

    /// <summary>
    /// The artifact of <paramref name="version"/> of <paramref name="modelName"/> in the repository, verified against
    /// the digest config.json records for it. Throws <see cref="InferenceException"/>: InvalidInput (bad name; an
    /// artifact over <paramref name="maxBytes"/>), NotFound (no such artifact), Conflict (its digest is not the one recorded).
    /// </summary>
    public async Task<byte[]> ReadAsync(string modelName, string version, long maxBytes, CancellationToken cancellationToken = default)
    {
        RequireNames(modelName, version);
        var modelFolder = Path.Combine(RepositoryRoot, modelName);
        var path = Path.Combine(modelFolder, version, FileSystemModelRepository.ArtifactFileName);
        var file = new FileInfo(path);
        if (!file.Exists || file.LinkTarget is not null)
        {
            throw new InferenceException(InferenceErrorKind.NotFound, $"version {version} of model '{modelName}' has no artifact in the model repository");
        }

        if (file.Length > maxBytes)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"version {version} of model '{modelName}' has {file.Length} bytes, over the {maxBytes} this operation reads");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var recorded = ModelConfigJson.Read(Path.Combine(modelFolder, FileSystemModelRepository.ConfigFileName)).Versions?.GetValueOrDefault(version)?.Sha256;
        if (recorded is not null && !string.Equals(recorded, Convert.ToHexStringLower(SHA256.HashData(bytes)), StringComparison.OrdinalIgnoreCase))
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"version {version} of model '{modelName}' does not match the SHA-256 config.json records for it; the repository was changed outside the fabric: restore the artifact");
        }

        return bytes;
    }

    private static void RequireNames(string modelName, string version)
    {
        if (!ModelNames.IsValid(modelName) || !ModelNames.IsValid(version))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"model '{modelName}' version '{version}' is not a valid name; use letters, digits, '_', '-' or '.', not starting with '.'");
        }
    }

    private async Task<bool> ImportWithAsync(string modelName, string version, string expected, string origin,
        Func<string, CancellationToken, Task<string>> writePartial, CancellationToken cancellationToken)
    {
        var modelFolder = Path.Combine(RepositoryRoot, modelName);
        if (!Directory.Exists(modelFolder))
        {
            throw new InferenceException(InferenceErrorKind.NotFound,
                $"model '{modelName}' has no folder in the model repository; deploy the model first (its config.json and a first version)");
        }

        var gate = ModelGates.GetOrAdd(modelFolder, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await LockAsync(modelFolder, modelName, cancellationToken).ConfigureAwait(false);
            return await ImportLockedAsync(modelFolder, modelName, version, origin, expected, writePartial, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogImportFailed(_logger, ex, modelName, version, RepositoryRoot);
            throw new InferenceException(InferenceErrorKind.Unavailable,
                $"version {version} of model '{modelName}' could not be written to the model repository; retry later, and if it keeps failing ask the operator to check the gateway silo's log (the repository volume's space and permissions)", ex);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<bool> ImportLockedAsync(string modelFolder, string model, string version, string origin, string expected,
        Func<string, CancellationToken, Task<string>> writePartial, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(modelFolder, FileSystemModelRepository.ConfigFileName);
        var recorded = ModelConfigJson.Read(configPath).Versions?.GetValueOrDefault(version)?.Sha256;
        if (recorded is not null && !string.Equals(recorded, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"version {version} of model '{model}' is already recorded with SHA-256 {recorded}, not {expected}; register the new artifact under a new version");
        }

        var versionFolder = Path.Combine(modelFolder, version);
        var target = Path.Combine(versionFolder, FileSystemModelRepository.ArtifactFileName);
        if (File.Exists(target))
        {
            var existing = await HashAsync(target, cancellationToken).ConfigureAwait(false);
            if (existing != expected)
            {
                throw new InferenceException(InferenceErrorKind.Conflict,
                    $"version {version} of model '{model}' already has a different artifact in the model repository; register the new artifact under a new version");
            }

            await RecordDigestAsync(configPath, version, expected, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var createdFolder = !Directory.Exists(versionFolder);
        Directory.CreateDirectory(versionFolder);
        var partial = Path.Combine(versionFolder, $".{FileSystemModelRepository.ArtifactFileName}.{Guid.NewGuid():N}.partial");
        string? previousConfig = null;
        try
        {
            var actual = await writePartial(partial, cancellationToken).ConfigureAwait(false);
            if (actual != expected)
            {
                // The caller is not told the actual digest: it would make the importer an oracle for any readable file.
                LogDigestMismatch(_logger, model, version, origin, actual, expected);
                throw new InferenceException(InferenceErrorKind.InvalidInput,
                    $"the artifact's SHA-256 is not {expected} as field 'sha256' says; nothing was imported. Check that you named the right file and digest (sha256sum prints it)");
            }

            // The digest goes into config.json before the artifact appears, so no load can ever find it unverified.
            previousConfig = File.Exists(configPath) ? await File.ReadAllTextAsync(configPath, cancellationToken).ConfigureAwait(false) : "";
            await RecordDigestAsync(configPath, version, expected, cancellationToken).ConfigureAwait(false);
            File.Move(partial, target, overwrite: false);
            LogImported(_logger, model, version, origin, expected, target);
            return true;
        }
        catch
        {
            File.Delete(partial);
            if (previousConfig is not null && !File.Exists(target))
            {
                await ReplaceAsync(configPath, previousConfig, CancellationToken.None).ConfigureAwait(false);
            }

            if (createdFolder && Directory.Exists(versionFolder) && !Directory.EnumerateFileSystemEntries(versionFolder).Any())
            {
                Directory.Delete(versionFolder);
            }

            throw;
        }
    }

    private static async Task<FileStream> LockAsync(string modelFolder, string model, CancellationToken cancellationToken)
    {
        var path = Path.Combine(modelFolder, LockFileName);
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another process imports into this model; its import rewrites config.json, so wait for it.
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new InferenceException(InferenceErrorKind.Unavailable,
                    $"another import into model '{model}' has held its import lock for over {LockWait.TotalSeconds:0} s; retry when it is done", ex);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Imported version {Version} of model {Model} from {Source} (SHA-256 {Sha256}) to {Target}")]
    private static partial void LogImported(ILogger logger, string model, string version, string source, string sha256, string target);

    [LoggerMessage(2, LogLevel.Warning, "Refused to import version {Version} of model {Model}: {Source} has SHA-256 {Actual}, the caller expected {Expected}; the caller was told only that the digest differs, to check the file and digest")]
    private static partial void LogDigestMismatch(ILogger logger, string model, string version, string source, string actual, string expected);

    [LoggerMessage(3, LogLevel.Error, "Could not import version {Version} of model {Model} into {Repository}; check the volume's free space and permissions (the caller was told to retry or ask the operator)")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, string model, string version, string repository);
}
