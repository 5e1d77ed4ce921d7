using System.Text.Json;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Cli;

/// <summary>
/// Reads and writes a gateway's keys file (<see cref="ApiKeysFile"/>). Writes replace the file atomically (a temporary
/// file in the same folder, flushed to disk, then renamed over it), so a gateway reloading it never reads half a file;
/// the new file is readable by its owner only (0600). One writer at a time: a lock file beside it.
/// </summary>
internal static class KeysFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The keys in <paramref name="path"/>; an absent file is an empty list only when <paramref name="absentIsEmpty"/>.</summary>
    public static List<ApiKeyRecord> Read(string path, bool absentIsEmpty)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when ((ex is FileNotFoundException or DirectoryNotFoundException) && absentIsEmpty)
        {
            return [];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KeysFileException($"there is no keys file at '{path}'; make one with: fabric keys create --file {path} --name NAME --scope SCOPE", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeysFileException($"cannot read the keys file '{path}' ({ex.Message}); check the path and that you may read it", ex);
        }

        ApiKeysFile? file;
        try
        {
            file = JsonSerializer.Deserialize(content, ApiKeysJsonContext.Default.ApiKeysFile);
        }
        catch (JsonException ex)
        {
            throw Invalid(path, ex.Message, ex);
        }

        var keys = file?.Keys ?? throw Invalid(path, "it holds no \"keys\" list", null);
        for (var i = 0; i < keys.Count; i++)
        {
            if (Problem(keys[i]) is { } problem)
            {
                throw Invalid(path, $"keys[{i}] {problem}", null);
            }
        }

        if (keys.GroupBy(k => k.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Invalid(path, $"id {duplicate.Key} appears {duplicate.Count()} times; ids must be unique", null);
        }

        return [.. keys];
    }

    /// <summary>Replaces the file with <paramref name="keys"/>: temporary file (0600) in the same folder, flushed, renamed over.</summary>
    public static void Write(string path, IReadOnlyList<ApiKeyRecord> keys)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, new ApiKeysFile(keys), ApiKeysJsonContext.Default.ApiKeysFile);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new KeysFileException($"cannot write the keys file '{path}' ({ex.Message}); check that the folder exists and that you may write to it", ex);
        }
    }

    /// <summary>Holds the lock file beside <paramref name="path"/> until disposed, so two fabric keys commands do not lose each other's change.</summary>
    public static IDisposable Lock(string path)
    {
        var lockPath = Path.GetFullPath(path) + ".lock";
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                Options = FileOptions.DeleteOnClose,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            return new FileStream(lockPath, options);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new KeysFileException($"the folder of the keys file '{path}' does not exist; create it or fix --file", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeysFileException($"cannot lock the keys file '{path}' ({ex.Message}): another fabric keys command may be writing it; try again when it is done", ex);
        }
    }

    private static string? Problem(ApiKeyRecord? key) =>
        key is null ? "is null"
        : string.IsNullOrEmpty(key.Id) ? "has no id"
        : string.IsNullOrEmpty(key.Name) ? "has no name"
        : key.Scopes is null ? "has no scopes"
        : key.Scopes.FirstOrDefault(s => !FabricScopes.IsValid(s)) is { } scope ? $"has the unknown scope '{scope}' (known: {string.Join(", ", FabricScopes.All)})"
        : string.IsNullOrEmpty(key.Salt) || string.IsNullOrEmpty(key.Hash) ? "has no salt or hash"
        : null;

    private static KeysFileException Invalid(string path, string problem, Exception? inner) =>
        new($"'{path}' is not a valid keys file: {problem}. Fix it (the shape is {{\"keys\": [{{\"id\", \"name\", \"scopes\", \"salt\", \"hash\", \"created_at\", \"expires_at\", \"revoked_at\"}}]}}) or restore it from a backup", inner);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is harmless, and the real failure is reported.
        }
    }
}
