using System.Diagnostics.CodeAnalysis;

namespace ServingFabric.Contracts.Security.Secrets;

/// <summary>Where a secret lives.</summary>
public enum SecretStoreKind
{
    /// <summary>Azure Key Vault: <c>kv://&lt;vault&gt;/&lt;name&gt;</c>.</summary>
    KeyVault,

    /// <summary>A mounted file (Kubernetes Secret, Key Vault CSI driver): <c>file:&lt;path&gt;</c>.</summary>
    File,
}

/// <summary>
/// A reference to a secret, which is what settings hold instead of the value: <c>kv://&lt;vault&gt;/&lt;name&gt;</c>
/// (the vault's name, or a host such as <c>myvault.vault.azure.net</c> or <c>127.0.0.1:8443</c>; the current version of
/// secret <c>name</c>) or <c>file:&lt;path&gt;</c> (a mounted file, re-read when it changes). The reference is safe to
/// log; the value is not.
/// </summary>
/// <param name="Store">The store holding the secret.</param>
/// <param name="Location">The vault (name or host[:port]) for Key Vault; the full file path for files.</param>
/// <param name="Name">The secret's name in the vault; the file name for files.</param>
public sealed record SecretReference(SecretStoreKind Store, string Location, string Name)
{
    /// <summary>The Key Vault scheme.</summary>
    public const string KeyVaultPrefix = "kv://";

    /// <summary>The mounted file scheme.</summary>
    public const string FilePrefix = "file:";

    /// <summary>Whether <paramref name="text"/> is written as a reference (starts with <c>kv://</c> or <c>file:</c>), valid or not.</summary>
    public static bool LooksLikeReference([NotNullWhen(true)] string? text) =>
        text is not null
        && (text.StartsWith(KeyVaultPrefix, StringComparison.OrdinalIgnoreCase) || text.StartsWith(FilePrefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a reference; on failure <paramref name="error"/> says what is wrong, without echoing the text.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SecretReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a secret reference is empty: write kv://<vault>/<name> or file:<path>";
            return false;
        }

        text = text.Trim();
        if (text.StartsWith(KeyVaultPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[KeyVaultPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var vault = slash < 0 ? rest : rest[..slash];
            var name = slash < 0 ? "" : rest[(slash + 1)..];
            if (vault.Length == 0 || !IsVault(vault))
            {
                error = "a Key Vault reference needs a vault: kv://<vault>/<name>, the vault a name (myvault) or a host (myvault.vault.azure.net)";
                return false;
            }

            if (!IsSecretName(name))
            {
                error = "a Key Vault secret name is 1 to 127 letters, digits and dashes: kv://<vault>/<name>";
                return false;
            }

            reference = new SecretReference(SecretStoreKind.KeyVault, vault.ToLowerInvariant(), name);
            error = null;
            return true;
        }

        if (text.StartsWith(FilePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = text[FilePrefix.Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                error = "a file reference is file:<path> (file:/var/run/secrets/servingfabric/storage), not a file:// URL";
                return false;
            }

            if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
            {
                error = "a file reference needs a path: file:<path>";
                return false;
            }

            var full = Path.GetFullPath(path);
            reference = new SecretReference(SecretStoreKind.File, full, Path.GetFileName(full));
            error = null;
            return true;
        }

        error = "not a secret reference: write kv://<vault>/<name> or file:<path>";
        return false;
    }

    /// <summary>Parses a reference or throws <see cref="FormatException"/> naming the setting.</summary>
    public static SecretReference Parse(string? text, string setting) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException($"{setting}: {error}");

    /// <summary>The reference as written in settings (safe to log).</summary>
    public override string ToString() => Store == SecretStoreKind.KeyVault ? $"{KeyVaultPrefix}{Location}/{Name}" : $"{FilePrefix}{Location}";

    private static bool IsSecretName(string name) =>
        name.Length is >= 1 and <= 127 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsVault(string vault) =>
        vault.Length <= 253 && vault.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ':');
}
