using System.Security.Cryptography;
using System.Text;

namespace ServingFabric.Contracts.Security;

/// <summary>
/// Makes and checks API keys of the form <c>sf_&lt;id&gt;_&lt;secret&gt;</c>: a 16-hex-character id that finds the
/// stored record and a 43-character base64url secret (32 random bytes). The secrets are random, not chosen by people,
/// so a salted SHA-256 is as strong as a slow password hash here and costs about a microsecond per request.
/// </summary>
public static class ApiKeyHashing
{
    /// <summary>Every key starts with this.</summary>
    public const string Prefix = "sf_";

    private const int IdBytes = 8;
    private const int SecretBytes = 32;
    private const int SaltBytes = 16;

    /// <summary>A new key for <paramref name="name"/>: the record to store and the key to hand out once.</summary>
    public static (ApiKeyRecord Record, string Key) Create(string name, IReadOnlyList<string> scopes, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(scopes);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var record = new ApiKeyRecord(id, name, scopes, Convert.ToBase64String(salt), Convert.ToBase64String(Hash(salt, secret)), now, expiresAt, null);
        return (record, $"{Prefix}{id}_{secret}");
    }

    /// <summary>Splits a presented key into id and secret; false when it is not of the form <c>sf_&lt;id&gt;_&lt;secret&gt;</c>.</summary>
    public static bool TryParse(string? key, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (key is null || key.Length != Prefix.Length + (IdBytes * 2) + 1 + 43 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var idPart = key.AsSpan(Prefix.Length, IdBytes * 2);
        if (key[Prefix.Length + (IdBytes * 2)] != '_' || !IsLowerHex(idPart))
        {
            return false;
        }

        id = idPart.ToString();
        secret = key[(Prefix.Length + (IdBytes * 2) + 1)..];
        return true;
    }

    /// <summary>Whether <paramref name="secret"/> is the secret of <paramref name="record"/>, compared in constant time.</summary>
    public static bool Verify(ApiKeyRecord record, string secret)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> salt = stackalloc byte[64];
        if (!Convert.TryFromBase64String(record.Hash, expected, out var hashLength) || hashLength != expected.Length
            || !Convert.TryFromBase64String(record.Salt, salt, out var saltLength))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, Hash(salt[..saltLength], secret));
    }

    private static byte[] Hash(ReadOnlySpan<byte> salt, string secret)
    {
        var text = Encoding.UTF8.GetBytes(secret);
        var buffer = new byte[salt.Length + text.Length];
        salt.CopyTo(buffer);
        text.CopyTo(buffer.AsSpan(salt.Length));
        return SHA256.HashData(buffer);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
