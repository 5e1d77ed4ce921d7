using System.Security.Cryptography;
using System.Text;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// Secrets in mounted files (a Kubernetes Secret or the Key Vault CSI driver's volume). The value is the file's text
/// with one trailing line break removed; the version is the first 16 hex digits of the content's SHA-256, so a rewrite
/// with the same content is not a new version. The path is resolved on every read, so the drivers' swap of the
/// <c>..data</c> symbolic link is seen.
/// </summary>
internal sealed class FileSecretBackend : ISecretBackend
{
    /// <summary>Largest secret file read: certificates with chains and keys files fit easily.</summary>
    public const int MaxBytes = 1024 * 1024;

    public async Task<SecretValue> GetAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        byte[] bytes;
        DateTimeOffset written;
        try
        {
            var info = new FileInfo(reference.Location);
            if (!info.Exists)
            {
                throw new SecretStoreException($"secret {reference}: no such file; mount the secret there or fix the reference", "not_found");
            }

            if (info.Length > MaxBytes)
            {
                throw new SecretStoreException($"secret {reference}: the file is over {MaxBytes} bytes, which no secret is", "error");
            }

            bytes = await File.ReadAllBytesAsync(reference.Location, cancellationToken);
            written = new DateTimeOffset(File.GetLastWriteTimeUtc(reference.Location), TimeSpan.Zero);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new SecretStoreException($"secret {reference}: the silo may not read the file; give its user read access (fsGroup)", "denied", ex);
        }
        catch (IOException ex)
        {
            throw new SecretStoreException($"secret {reference}: the file cannot be read ({ex.GetType().Name})", "error", ex);
        }

        var text = Encoding.UTF8.GetString(bytes);
        text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        return new SecretValue(reference, VersionOf(bytes), text, written);
    }

    public async Task<IReadOnlyList<SecretVersionInfo>> ListVersionsAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        var current = await GetAsync(reference, cancellationToken);
        return [new SecretVersionInfo(current.Version, Enabled: true, current.CreatedOn, ExpiresOn: null)];
    }

    internal static string VersionOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content))[..16];
}
