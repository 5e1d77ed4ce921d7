using Microsoft.Extensions.Logging;
using ServingFabric.Inference;

namespace ServingFabric.Runtime.Repository;

/// <summary>
/// Where an artifact may come from: an absolute path (no URI, no <c>..</c>) that, with every symbolic link followed,
/// names a non-empty regular file inside one of the import roots. Every refusal that depends on the file system
/// (outside the roots, missing, a folder, a device, a FIFO, a socket, unreadable) gets the same message, so a caller
/// learns nothing about files it may not import; the real reason goes to the log for the operator.
/// </summary>
public sealed partial class ModelArtifactImporter
{
    /// <summary>The longest artifact path accepted (Linux's PATH_MAX).</summary>
    public const int MaxSourceLength = 4096;

    /// <summary>The setting that lists the import roots, named in refusals.</summary>
    public const string ImportRootsSetting = "ServingFabric:Gateway:ArtifactImportRoots";

    /// <summary>The setting that bounds an artifact's size, named in refusals.</summary>
    public const string MaxBytesSetting = "ServingFabric:Gateway:MaxArtifactImportBytes";

    /// <summary>
    /// Checks <paramref name="source"/> and returns its real path (links followed), which the import then opens. A
    /// file swapped for a special file between this check and the open is caught after the open (see
    /// <see cref="EnsureOpenedRegular"/>); a FIFO swapped in at that instant by someone who can write the import root
    /// could still block the open.
    /// </summary>
    private string ResolveSource(string model, string version, string source)
    {
        var path = CheckSyntax(source);
        var real = RealPaths.Resolve(Path.GetFullPath(path));
        if (real is null)
        {
            throw Refuse(model, version, source, "its symbolic links loop");
        }

        var roots = ImportRoots();
        if (!roots.Any(root => RealPaths.IsUnder(real, root)))
        {
            throw Refuse(model, version, source, $"its real path {real} is not inside an import root ({string.Join(", ", roots)})");
        }

        var info = new FileInfo(real);
        if (!info.Exists)
        {
            throw Refuse(model, version, source, Directory.Exists(real) ? $"{real} is a folder" : $"{real} does not exist");
        }

        // Linux reports size 0 for character and block devices, FIFOs and sockets, so this refuses them without opening
        // them (opening a FIFO blocks until a writer comes; /dev/zero never ends). An empty file is no model either.
        if (info.Length == 0)
        {
            throw Refuse(model, version, source, $"{real} is empty or not a regular file (a device, FIFO or socket)");
        }

        if (info.Length > _maxArtifactBytes)
        {
            throw TooLarge(model, version, source, info.Length);
        }

        return real;
    }

    /// <summary>Refuses what no file system check is needed for; the message may be specific, it reveals nothing.</summary>
    private static string CheckSyntax(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw InvalidSource(source, "is empty; give the absolute path of the artifact on the gateway silo");
        }

        if (source.Length > MaxSourceLength || source.Any(char.IsControl))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"field 'artifact' is longer than {MaxSourceLength} characters or holds control characters; give the absolute path of the artifact on the gateway silo");
        }

        if (source.Contains("://", StringComparison.Ordinal) || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw InvalidSource(source, "is a URI; give the artifact's absolute path on the gateway silo (copy it into an import root first)");
        }

        if (!Path.IsPathFullyQualified(source))
        {
            throw InvalidSource(source, "is a relative path; give an absolute path on the gateway silo");
        }

        if (source.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw InvalidSource(source, "contains a '..' segment; give the artifact's absolute path without '..'");
        }

        return source;
    }

    /// <summary>
    /// After opening: the handle must be a seekable, non-empty file no larger than the limit, which catches a special
    /// file swapped in after <see cref="ResolveSource"/> looked.
    /// </summary>
    private void EnsureOpenedRegular(FileStream input, string model, string version, string source)
    {
        var length = input.CanSeek ? RandomAccess.GetLength(input.SafeFileHandle) : 0;
        if (length == 0)
        {
            throw Refuse(model, version, source, "the opened file is empty or not a regular file (it changed after it was checked)");
        }

        if (length > _maxArtifactBytes)
        {
            throw TooLarge(model, version, source, length);
        }
    }

    /// <summary>The configured roots with their links followed, or the repository itself when none is configured.</summary>
    private List<string> ImportRoots() =>
        (_allowedRoots.Count > 0 ? _allowedRoots : [RepositoryRoot])
            .Select(root => RealPaths.Resolve(root))
            .OfType<string>()
            .ToList();

    private InferenceException Refuse(string model, string version, string source, string reason)
    {
        LogSourceRefused(_logger, model, version, source, reason, _allowedRoots.Count > 0 ? string.Join(", ", _allowedRoots) : $"{RepositoryRoot} (no roots configured: the model repository only)");
        return InvalidSource(source, $"is not an importable file under the configured import roots ({ImportRootsSetting}); place the artifact, a regular file, in an import root and give its absolute path");
    }

    private InferenceException TooLarge(string model, string version, string source, long length)
    {
        LogSourceTooLarge(_logger, model, version, source, length, _maxArtifactBytes);
        return InvalidSource(source, $"is larger than the {_maxArtifactBytes} bytes an artifact may have ({MaxBytesSetting}); nothing was imported. Raise the limit if the model is really that large");
    }

    private static InferenceException InvalidSource(string source, string problem) =>
        new(InferenceErrorKind.InvalidInput, $"field 'artifact' ('{source}') {problem}");

    [LoggerMessage(4, LogLevel.Warning, "Refused to import version {Version} of model {Model} from {Source}: {Reason}. The caller was told only that it is not importable; to allow it, place it (a regular file) under an import root ({Roots}; ServingFabric:Gateway:ArtifactImportRoots)")]
    private static partial void LogSourceRefused(ILogger logger, string model, string version, string source, string reason, string roots);

    [LoggerMessage(5, LogLevel.Warning, "Refused to import version {Version} of model {Model} from {Source}: {Length} bytes exceed the limit of {Limit} (ServingFabric:Gateway:MaxArtifactImportBytes); raise it if the model is really that large")]
    private static partial void LogSourceTooLarge(ILogger logger, string model, string version, string source, long length, long limit);
}
