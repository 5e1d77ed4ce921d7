using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// The admin key of the management API: <see cref="GatewayOptions.AdminApiKey"/> as a literal or as a secret reference
/// (<c>kv://vault/name</c>, <c>file:path</c>, rotated through the secret store), or read from
/// <see cref="GatewayOptions.AdminApiKeyFile"/> (again whenever the file changes). After a rotation through the store
/// the previous key stays accepted for <see cref="GatewayAuthOptions.RotationOverlap"/>, so clients can move over.
/// Keeps only SHA-256 hashes, so comparisons take the same time whatever the length of the guess.
/// </summary>
internal sealed class AdminApiKeyProvider : ISecretConsumer
{
    /// <summary>Shortest key accepted: shorter keys can be guessed.</summary>
    public const int MinimumLength = 16;

    /// <summary>The setting this provider holds, as the secret store names it.</summary>
    public const string SettingName = "ServingFabric:Gateway:AdminApiKey";

    private readonly string? _file;
    private readonly TimeProvider _time;
    private readonly TimeSpan _overlap;
    private readonly Lock _gate = new();
    private byte[]? _keyHash;
    private (byte[] Hash, DateTimeOffset Until)? _previous;
    private DateTime _fileWrittenAt;

    [ActivatorUtilitiesConstructor]
    public AdminApiKeyProvider(IOptions<GatewayOptions> options, IOptions<GatewayAuthOptions> auth, TimeProvider time, ResolvedSecrets? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _time = time;
        _overlap = auth?.Value.RotationOverlap ?? TimeSpan.Zero;
        _file = string.IsNullOrEmpty(value.AdminApiKeyFile) ? null : value.AdminApiKeyFile;
        if (_file is null && !string.IsNullOrEmpty(value.AdminApiKey))
        {
            if (SecretReference.LooksLikeReference(value.AdminApiKey))
            {
                _keyHash = secrets is not null && secrets.TryGet(SettingName, out var resolved)
                    ? Hash(Checked(resolved.Value))
                    : throw new InvalidOperationException($"{SettingName} is a secret reference that was not read at start; start the silo through AddServingFabricSilo, which reads secret references");
            }
            else
            {
                _keyHash = Hash(value.AdminApiKey.Trim());
            }
        }
    }

    public AdminApiKeyProvider(IOptions<GatewayOptions> options) : this(options, Options.Create(new GatewayAuthOptions()), TimeProvider.System)
    {
    }

    public string Setting => SettingName;

    public string Component => "gateway.admin-key";

    /// <summary>Whether a key is configured (then every mutating call must present it).</summary>
    public bool IsConfigured => _file is not null || _keyHash is not null;

    /// <summary>Whether <paramref name="presented"/> is the admin key (or the previous one within the overlap), compared in constant time.</summary>
    public bool Matches(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var expected = CurrentKeyHash();
        var hash = Hash(presented);
        if (expected is not null && CryptographicOperations.FixedTimeEquals(expected, hash))
        {
            return true;
        }

        return _previous is { } previous && _time.GetUtcNow() < previous.Until && CryptographicOperations.FixedTimeEquals(previous.Hash, hash);
    }

    /// <summary>A new version of the key from the secret store: it works at once; the old one until the overlap ends.</summary>
    public Task ApplyAsync(SecretValue value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = Hash(Checked(value.Value));
        lock (_gate)
        {
            _previous = _keyHash is { } old && _overlap > TimeSpan.Zero ? (old, _time.GetUtcNow() + _overlap) : null;
            _keyHash = hash;
        }

        return Task.CompletedTask;
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

    private static string Checked(string key)
    {
        var trimmed = key.Trim();
        return trimmed.Length >= MinimumLength
            ? trimmed
            : throw new InvalidOperationException($"the admin key secret is shorter than {MinimumLength} characters; store a random key such as the output of 'openssl rand -hex 32'");
    }

    private byte[]? CurrentKeyHash()
    {
        if (_file is null)
        {
            return Volatile.Read(ref _keyHash);
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
