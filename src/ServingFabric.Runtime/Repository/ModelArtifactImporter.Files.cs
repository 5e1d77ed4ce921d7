using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>Where an artifact may come from, hashing while copying, and recording its digest in config.json.</summary>
public sealed partial class ModelArtifactImporter
{
    private string ResolveSource(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw InvalidSource(source, "is empty");
        }

        string path;
        if (source.Contains("://", StringComparison.Ordinal))
        {
            path = Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.IsFile && string.IsNullOrEmpty(uri.Host)
                ? uri.LocalPath
                : throw InvalidSource(source, "is not a local path or file:// URI; copy the artifact to the gateway silo (or a volume it mounts) first");
        }
        else if (Path.IsPathFullyQualified(source))
        {
            path = source;
        }
        else
        {
            throw InvalidSource(source, "is a relative path; give an absolute path on the gateway silo or a file:// URI");
        }

        path = Path.GetFullPath(path);
        if (Directory.Exists(path) || !File.Exists(path))
        {
            throw InvalidSource(source, Directory.Exists(path) ? "is a folder; name the .onnx file itself" : "does not exist on the gateway silo; copy it there or to a volume the silo mounts");
        }

        if (_allowedRoots.Count > 0)
        {
            var real = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
            if (!_allowedRoots.Any(root => real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                throw InvalidSource(source, $"is outside the folders artifacts may be imported from ({string.Join(", ", _allowedRoots)}; ServingFabric:Gateway:ArtifactImportRoots)");
            }
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw InvalidSource(source, $"cannot be read by the gateway silo ({ex.Message}); fix its permissions");
        }

        return path;
    }

    private static InferenceException InvalidSource(string source, string problem) =>
        new(InferenceErrorKind.InvalidInput, $"field 'artifact' ('{source}') {problem}");

    /// <summary>The SHA-256 of <paramref name="path"/>, copying it to <paramref name="copyTo"/> (flushed to disk) when set.</summary>
    private static async Task<string> HashAsync(string path, string? copyTo, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var output = copyTo is null ? null : new FileStream(copyTo, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            if (output is not null)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        output?.Flush(flushToDisk: true);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Sets <c>versions.&lt;version&gt;.sha256</c> in config.json, keeping every other setting as it was.</summary>
    private static async Task RecordDigestAsync(string configPath, string version, string sha256, CancellationToken cancellationToken)
    {
        var text = File.Exists(configPath) ? await File.ReadAllTextAsync(configPath, cancellationToken).ConfigureAwait(false) : "{}";
        var root = JsonNode.Parse(text, documentOptions: ConfigReadOptions) as JsonObject ?? [];
        if (root[ModelConfigFields.Versions] is not JsonObject versions)
        {
            versions = [];
            root[ModelConfigFields.Versions] = versions;
        }

        if (versions[version] is not JsonObject entry)
        {
            entry = [];
            versions[version] = entry;
        }

        if (entry[ModelConfigFields.Sha256]?.GetValue<string>() == sha256)
        {
            return;
        }

        entry[ModelConfigFields.Sha256] = sha256;
        await ReplaceAsync(configPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a file beside its target and renames it over, so readers see the old or the new file, never half.</summary>
    private static async Task ReplaceAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
