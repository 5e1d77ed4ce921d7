using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace ServingFabric.Runtime.Repository.Blob;

/// <summary>
/// Downloads one version's artifact into a locked <c>.tmp-*</c> folder of the cache, hashing it as it arrives, and
/// renames the folder to <c>&lt;model&gt;/&lt;version&gt;</c> only when the SHA-256 matches config.json.
/// </summary>
internal sealed partial class BlobVersionInstaller(string cacheDirectory, ILogger logger, TimeProvider time)
{
    // Large reads keep a multi-gigabyte download bound by the network, not by calls.
    private const int BufferSize = 1 << 20;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>True when the version is in the cache afterwards (installed here or by another silo); false when refused.</summary>
    public async Task<bool> InstallAsync(BlobClient blob, BlobEntry entry, string expectedSha256, CancellationToken cancellationToken)
    {
        var model = entry.Model;
        var version = entry.Version!;
        var target = Path.Combine(cacheDirectory, model, version);
        var staging = Path.Combine(cacheDirectory, $"{AtomicFile.TemporaryPrefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        var started = time.GetTimestamp();
        try
        {
            string actual;
            long bytes;
            using (var held = AbandonedDownloads.Lock(staging))
            {
                LogDownloading(logger, model, version, blob.Name, entry.Length);
                (actual, bytes) = await DownloadAsync(blob, entry, Path.Combine(staging, FileSystemModelRepository.ArtifactFileName), cancellationToken).ConfigureAwait(false);
                if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
                {
                    LogTampered(logger, model, version, blob.Name, actual, expectedSha256.ToLowerInvariant());
                    return false;
                }

                File.Delete(Path.Combine(staging, AbandonedDownloads.LockFileName));
            }

            Directory.CreateDirectory(Path.Combine(cacheDirectory, model));
            if (!TryRename(staging, target))
            {
                LogInstalledElsewhere(logger, model, version, target);
                return true;
            }

            LogInstalled(logger, model, version, bytes, time.GetElapsedTime(started).TotalMilliseconds, target);
            return true;
        }
        catch (RequestFailedException ex)
        {
            LogDownloadFailed(logger, ex, model, version, blob.Name, ex.Status);
            return false;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task<(string Sha256, long Bytes)> DownloadAsync(BlobClient blob, BlobEntry entry, string path, CancellationToken cancellationToken)
    {
        // If-Match: a blob replaced while it downloads fails the request instead of mixing two uploads.
        var options = new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(entry.ETag) } };
        var response = await blob.DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false);
        var total = response.Value.Details.ContentLength;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long bytes = 0;
        var lastReport = time.GetTimestamp();
        try
        {
            await using var source = response.Value.Content;
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                bytes += read;
                if (time.GetElapsedTime(lastReport) >= ProgressInterval)
                {
                    lastReport = time.GetTimestamp();
                    LogProgress(logger, entry.Model, entry.Version!, bytes, total, total > 0 ? 100.0 * bytes / total : 0);
                }
            }

            // On disk before the rename makes it visible: a crash after the rename never leaves a short artifact.
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), bytes);
    }

    /// <summary>rename(2) of a folder onto a non-empty one fails, so of two silos racing, one installs and the other finds it done.</summary>
    private static bool TryRename(string staging, string target)
    {
        try
        {
            Directory.Move(staging, target);
            return true;
        }
        catch (IOException) when (File.Exists(Path.Combine(target, FileSystemModelRepository.ArtifactFileName)))
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloading model {Model} version {Version} from blob {Blob} ({Bytes} bytes)")]
    private static partial void LogDownloading(ILogger logger, string model, string version, string blob, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloading model {Model} version {Version}: {Bytes} of {Total} bytes ({Percent:F0} %)")]
    private static partial void LogProgress(ILogger logger, string model, string version, long bytes, long total, double percent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} version {Version}: {Bytes} bytes downloaded and SHA-256 verified in {Milliseconds:F0} ms, installed at {Folder}")]
    private static partial void LogInstalled(ILogger logger, string model, string version, long bytes, double milliseconds, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} version {Version} was installed at {Folder} by another silo sharing the cache while this one downloaded it; this copy is discarded")]
    private static partial void LogInstalledElsewhere(ILogger logger, string model, string version, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} version {Version} refused: blob {Blob} has SHA-256 {Actual} but config.json expects {Expected}. The download is discarded and versions already cached keep serving; upload the right artifact, or correct versions.{Version}.sha256 in config.json if the new artifact is the intended one")]
    private static partial void LogTampered(ILogger logger, string model, string version, string blob, string actual, string expected);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} version {Version}: downloading blob {Blob} failed (HTTP {Status}); nothing was installed and the next poll tries again. Check the container's URL and credentials, and that the blob was not replaced during the download")]
    private static partial void LogDownloadFailed(ILogger logger, Exception exception, string model, string version, string blob, int status);
}
