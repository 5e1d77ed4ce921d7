using Microsoft.Extensions.Logging;

namespace ServingFabric.Runtime.Repository.Blob;

/// <summary>
/// Finds what a killed silo left in the cache (<c>.tmp-*</c> download folders and config files written aside) and
/// removes it. A download in progress holds an exclusive lock on its folder's <see cref="LockFileName"/>; the kernel
/// drops the lock when the process dies, so a folder whose lock can be taken belongs to nobody. Another silo sharing
/// the cache keeps its lock, and its download is left alone.
/// </summary>
internal static partial class AbandonedDownloads
{
    /// <summary>The lock file inside a download folder.</summary>
    public const string LockFileName = ".downloading";

    /// <summary>
    /// A folder or file aside without a lock this old is abandoned: the lock is taken right after the folder is made
    /// and given up just before the rename.
    /// </summary>
    private static readonly TimeSpan UnlockedGrace = TimeSpan.FromMinutes(2);

    public static void Remove(string cacheDirectory, ILogger logger)
    {
        foreach (var folder in Directory.EnumerateDirectories(cacheDirectory, AtomicFile.TemporaryPrefix + "*"))
        {
            if (IsAbandoned(folder))
            {
                TryDelete(() => Directory.Delete(folder, recursive: true), folder, logger);
            }
        }

        foreach (var model in Directory.EnumerateDirectories(cacheDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(model, AtomicFile.TemporaryPrefix + "*"))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > UnlockedGrace)
                {
                    TryDelete(() => File.Delete(file), file, logger);
                }
            }
        }
    }

    /// <summary>Takes the lock of a new download folder; disposing it gives the lock up.</summary>
    public static FileStream Lock(string folder) =>
        new(Path.Combine(folder, LockFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None);

    private static bool IsAbandoned(string folder)
    {
        var lockPath = Path.Combine(folder, LockFileName);
        if (!File.Exists(lockPath))
        {
            return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > UnlockedGrace;
        }

        try
        {
            // FileShare.None is an exclusive flock(2) on Unix: it fails while the downloading process lives.
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.Write, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(Action delete, string path, ILogger logger)
    {
        try
        {
            delete();
            LogRemoved(logger, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogRemoveFailed(logger, path, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Path} from the model cache: a download that did not finish (the silo was stopped or killed during it); the version is downloaded again")]
    private static partial void LogRemoved(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the unfinished download {Path} from the model cache ({Reason}); it is never served, but delete it by hand to free the space")]
    private static partial void LogRemoveFailed(ILogger logger, string path, string reason);
}
