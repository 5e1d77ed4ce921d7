using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// The admin key of the management API, from <see cref="GatewayOptions.AdminApiKey"/> or read from
/// <see cref="GatewayOptions.AdminApiKeyFile"/> (again whenever the file changes, so a rotated secret applies without
/// a restart). Keeps only the key's SHA-256, so comparisons take the same time whatever the length of the guess.
/// </summary>
internal sealed class AdminApiKeyProvider
{
    /// <summary>Shortest key accepted: shorter keys can be guessed.</summary>
    public const int MinimumLength = 16;

    private readonly string? _file;
    private readonly Lock _gate = new();
    private byte[]? _keyHash;
    private DateTime _fileWrittenAt;

    public AdminApiKeyProvider(IOptions<GatewayOptions> options)
    {
        var value = options.Value;
        _file = string.IsNullOrEmpty(value.AdminApiKeyFile) ? null : value.AdminApiKeyFile;
        if (_file is null && !string.IsNullOrEmpty(value.AdminApiKey))
        {
            _keyHash = Hash(value.AdminApiKey.Trim());
        }
    }

    /// <summary>Whether a key is configured (then every mutating call must present it).</summary>
    public bool IsConfigured => _file is not null || _keyHash is not null;

    /// <summary>Whether <paramref name="presented"/> is the admin key, compared in constant time.</summary>
    public bool Matches(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var expected = CurrentKeyHash();
        return expected is not null && CryptographicOperations.FixedTimeEquals(expected, Hash(presented));
    }

    /// <summary>
    /// Reads a key file: its trimmed text. Throws <see cref="InvalidOperationException"/> naming the file and the fix
    /// when it is missing, unreadable, empty or too short.
    /// </summary>
    public static string ReadKeyFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"ServingFabric:Gateway:AdminApiKeyFile '{path}' cannot be read ({ex.Message}); mount the secret there or fix the path.", ex);
        }

        return text.Length >= MinimumLength
            ? text
            : throw new InvalidOperationException(
                $"ServingFabric:Gateway:AdminApiKeyFile '{path}' holds a key shorter than {MinimumLength} characters; write a random key such as the output of 'openssl rand -hex 32'.");
    }

    private byte[]? CurrentKeyHash()
    {
        if (_file is null)
        {
            return _keyHash;
        }

        lock (_gate)
        {
            // A file that cannot be read now (a secret being swapped) keeps the last key; with none, every key is refused.
            try
            {
                var writtenAt = File.GetLastWriteTimeUtc(_file);
                if (_keyHash is null || writtenAt != _fileWrittenAt)
                {
                    _keyHash = Hash(ReadKeyFile(_file));
                    _fileWrittenAt = writtenAt;
                }
            }
            catch (InvalidOperationException)
            {
            }

            return _keyHash;
        }
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
