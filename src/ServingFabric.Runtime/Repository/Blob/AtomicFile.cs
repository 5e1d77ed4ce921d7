namespace ServingFabric.Runtime.Repository.Blob;

/// <summary>Replaces a small file so readers see the old content or the new, never a part (write aside, then rename).</summary>
internal static class AtomicFile
{
    /// <summary>The prefix of the hidden files written aside; <see cref="AbandonedDownloads"/> removes old ones.</summary>
    public const string TemporaryPrefix = ".tmp-";

    public static void Write(string path, string text)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var aside = Path.Combine(folder, $"{TemporaryPrefix}{Guid.NewGuid():N}-{Path.GetFileName(path)}");
        try
        {
            using (var stream = new FileStream(aside, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            // rename(2): atomic on one file system, and the last of two silos writing the same config simply wins.
            File.Move(aside, path, overwrite: true);
        }
        finally
        {
            File.Delete(aside);
        }
    }
}
