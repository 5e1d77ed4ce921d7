using System.Net.Http.Headers;

namespace ServingFabric.Client;

/// <summary>
/// The credential a client sends as <c>Authorization: Bearer</c> on every call: a fixed API key, an API key read from a
/// file at use (re-read when the file changes, so a rotated key applies without a restart), or a token from a provider
/// delegate called per request (the provider caches tokens until near expiry, as Azure.Identity's credentials do).
/// Nothing here ever puts the key or token in a message.
/// </summary>
internal sealed class FabricCredential
{
    private readonly string _settings;
    private readonly string? _apiKey;
    private readonly string? _apiKeyFile;
    private readonly Func<CancellationToken, ValueTask<string>>? _tokenProvider;
    private readonly Lock _fileLock = new();
    private FileKey? _fileKey;

    private FabricCredential(string settings, string? apiKey, string? apiKeyFile, Func<CancellationToken, ValueTask<string>>? tokenProvider)
    {
        _settings = settings;
        _apiKey = apiKey;
        _apiKeyFile = apiKeyFile;
        _tokenProvider = tokenProvider;
    }

    /// <summary>What is sent, for messages: "an API key" or "an access token".</summary>
    public string Kind => _tokenProvider is null ? "an API key" : "an access token";

    /// <summary>
    /// The credential the settings describe, or null when none is set. Throws <see cref="ArgumentException"/> when
    /// they are contradictory or the key is malformed (the same checks the options validators run at start).
    /// </summary>
    /// <param name="settings">The options' name for messages, such as <c>ServingFabricClientOptions</c>.</param>
    public static FabricCredential? Create(string settings, string? apiKey, string? apiKeyFile, Func<CancellationToken, ValueTask<string>>? tokenProvider)
    {
        var problems = Check(settings, apiKey, apiKeyFile, tokenProvider);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }

        return string.IsNullOrEmpty(apiKey) && string.IsNullOrEmpty(apiKeyFile) && tokenProvider is null
            ? null
            : new FabricCredential(settings, NullIfEmpty(apiKey?.Trim()), NullIfEmpty(apiKeyFile), tokenProvider);
    }

    /// <summary>What is wrong with the credential settings: more than one kind set, or a key that cannot be sent as a header.</summary>
    public static List<string> Check(string settings, string? apiKey, string? apiKeyFile, Func<CancellationToken, ValueTask<string>>? tokenProvider)
    {
        var failures = new List<string>();
        (string Name, bool IsSet)[] kinds = [("ApiKey", !string.IsNullOrEmpty(apiKey)), ("ApiKeyFile", !string.IsNullOrEmpty(apiKeyFile)), ("AccessTokenProvider", tokenProvider is not null)];
        var set = kinds.Where(k => k.IsSet).Select(k => $"{settings}.{k.Name}").ToList();
        if (set.Count > 1)
        {
            failures.Add($"{string.Join(" and ", set)} are set; set one: ApiKeyFile for a mounted secret, ApiKey for a key from your own secret store, or AccessTokenProvider for JWTs (Microsoft Entra ID).");
        }

        if (!string.IsNullOrEmpty(apiKey) && !IsHeaderSafe(apiKey.Trim()))
        {
            // Never the key itself: the message may end up in a deployment log.
            failures.Add($"{settings}.ApiKey holds spaces, line breaks or non-ASCII characters; set it to the key exactly as 'fabric keys create' printed it (sf_...).");
        }

        return failures;
    }

    /// <summary>The header for one call: the key, the key file's current content, or a fresh token from the provider.</summary>
    public async ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancellationToken)
    {
        if (_tokenProvider is not null)
        {
            var token = (await _tokenProvider(cancellationToken).ConfigureAwait(false))?.Trim();
            if (string.IsNullOrEmpty(token) || !IsHeaderSafe(token))
            {
                throw new FabricCredentialException(
                    $"{_settings}.AccessTokenProvider returned {(string.IsNullOrEmpty(token) ? "no token" : "a token with spaces, line breaks or non-ASCII characters")}; it must return the access token itself (for Azure.Identity: (await credential.GetTokenAsync(context, ct)).Token).");
            }

            return new AuthenticationHeaderValue("Bearer", token);
        }

        return new AuthenticationHeaderValue("Bearer", _apiKey ?? ReadKeyFile(_apiKeyFile!));
    }

    /// <summary>The key in the file, read again only when the file's write time or size changed since the last read.</summary>
    private string ReadKeyFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FabricCredentialException($"{_settings}.ApiKeyFile '{path}' does not exist; write the key there (as 'fabric keys create' printed it) or fix the path.");
        }

        lock (_fileLock)
        {
            if (_fileKey is { } known && known.WrittenAt == file.LastWriteTimeUtc && known.Length == file.Length)
            {
                return known.Key;
            }

            string key;
            try
            {
                key = File.ReadAllText(path).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new FabricCredentialException($"{_settings}.ApiKeyFile '{path}' cannot be read ({ex.Message}); check the path and that this process may read it.", ex);
            }

            if (key.Length == 0 || !IsHeaderSafe(key))
            {
                throw new FabricCredentialException(key.Length == 0
                    ? $"{_settings}.ApiKeyFile '{path}' is empty; write the key there (as 'fabric keys create' printed it)."
                    : $"{_settings}.ApiKeyFile '{path}' holds more than one key, spaces or non-ASCII characters; it must hold only the key (sf_...), optionally followed by a line break.");
            }

            _fileKey = new FileKey(file.LastWriteTimeUtc, file.Length, key);
            return key;
        }
    }

    private static bool IsHeaderSafe(string value) => value.Length > 0 && value.All(c => c is > ' ' and < (char)0x7F);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed record FileKey(DateTime WrittenAt, long Length, string Key);
}
