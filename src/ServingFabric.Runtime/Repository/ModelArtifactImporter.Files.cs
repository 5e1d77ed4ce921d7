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
    /// <summary>The SHA-256 of the artifact at <paramref name="path"/> (in the repository).</summary>
    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var input = OpenRead(path);
        return (await HashAsync(input, null, long.MaxValue, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Copies the source (its real path <paramref name="sourcePath"/>) to <paramref name="copyTo"/> (flushed to disk),
    /// returning its SHA-256; refuses a special file swapped in since it was checked, and stops at the size limit.
    /// </summary>
    private async Task<string> CopyAsync(string model, string version, string source, string sourcePath, string copyTo, CancellationToken cancellationToken)
    {
        FileStream input;
        try
        {
            input = OpenRead(sourcePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Refuse(model, version, source, $"{sourcePath} cannot be opened by the gateway silo ({ex.Message})");
        }

        await using var _ = input;
        EnsureOpenedRegular(input, model, version, source);
        await using var output = new FileStream(copyTo, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        var sha256 = await HashAsync(input, output, _maxArtifactBytes, cancellationToken).ConfigureAwait(false)
            ?? throw TooLarge(model, version, source, _maxArtifactBytes + 1);
        output.Flush(flushToDisk: true);
        return sha256;
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>The SHA-256 of <paramref name="input"/>, written on to <paramref name="output"/> when set; null past <paramref name="limit"/> bytes.</summary>
    private static async Task<string?> HashAsync(FileStream input, FileStream? output, long limit, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return null;
            }

            hash.AppendData(buffer, 0, read);
            if (output is not null)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

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
