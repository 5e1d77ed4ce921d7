namespace ServingFabric.Cli;

/// <summary>Reads the API key of <c>--credentials</c> (or <c>--api-key-file</c>): the file holds only the key, as <c>fabric keys create</c> printed it.</summary>
internal static class AuditorKey
{
    public const int MaxBytes = 4096;

    /// <summary>The key, or null with what is wrong (never the file's content).</summary>
    public static async Task<(string? Key, string? Problem)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return (null, $"--credentials '{path}' does not exist; write the auditor's API key there (as 'fabric keys create' printed it)");
        }

        if (file.Length > MaxBytes)
        {
            return (null, $"--credentials '{path}' is over {MaxBytes} bytes; it must hold only the API key (sf_...)");
        }

        string key;
        try
        {
            key = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"--credentials '{path}' cannot be read ({ex.Message})");
        }

        return key.Length > 0 && key.All(c => c is > ' ' and < (char)127)
            ? (key, null)
            : (null, $"--credentials '{path}' is empty or holds spaces, line breaks or non-ASCII characters; it must hold only the API key (sf_...)");
    }
}
