using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ServingFabric.Contracts.Security.Tls;

/// <summary>
/// Reads a certificate with its private key from PEM or PKCS#12 files and checks it can serve: within its validity
/// period, holding a private key, allowed for the TLS roles asked. Every failure is a <see cref="CertificateFileException"/>
/// naming the setting, the file and what to do.
/// </summary>
public static class CertificateFiles
{
    /// <summary>Object identifier of the serverAuth extended key usage.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Object identifier of the clientAuth extended key usage.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Loads the certificate and checks it at <paramref name="now"/>.</summary>
    /// <param name="files">Where the certificate, key and password are.</param>
    /// <param name="setting">The configuration section, for messages (<c>ServingFabric:Gateway:Certificate</c>).</param>
    /// <param name="usages">The roles the certificate must allow.</param>
    /// <param name="now">The time validity is checked at.</param>
    public static X509Certificate2 Load(CertificateFileOptions files, string setting, CertificateUsage usages, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!files.IsConfigured)
        {
            throw new CertificateFileException($"{setting}:Path is not set; set it to the certificate file (PEM tls.crt or a .pfx).");
        }

        var path = files.Path!;
        RequireFile(path, $"{setting}:Path");
        if (!string.IsNullOrWhiteSpace(files.KeyPath))
        {
            RequireFile(files.KeyPath, $"{setting}:KeyPath");
        }

        var password = ReadPassword(files, setting);
        var certificate = Read(files, path, password, setting);
        try
        {
            Check(certificate, path, setting, usages, now);
            return certificate;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The other certificates in the certificate file (a PEM <c>tls.crt</c> holding leaf then intermediates, or the
    /// extra certificates of a PKCS#12 file), without <paramref name="leaf"/> itself, for servers to send along with it.
    /// </summary>
    /// <param name="files">Where the certificate, key and password are.</param>
    /// <param name="leaf">The certificate <see cref="Load"/> returned from these files.</param>
    /// <param name="setting">The configuration section, for messages.</param>
    public static X509Certificate2Collection LoadIntermediates(CertificateFileOptions files, X509Certificate2 leaf, string setting)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(leaf);
        var path = files.Path!;
        var all = new X509Certificate2Collection();
        try
        {
            if (IsPem(path))
            {
                all.ImportFromPemFile(path);
            }
            else
            {
                all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, ReadPassword(files, setting));
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CertificateFileException($"{setting}: the certificate chain in '{path}' cannot be read ({ex.Message}); put the leaf first, then its intermediates, each as a PEM CERTIFICATE block.", ex);
        }

        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (certificate.Thumbprint == leaf.Thumbprint)
            {
                certificate.Dispose();
            }
            else
            {
                intermediates.Add(certificate);
            }
        }

        return intermediates;
    }

    /// <summary>Whether <paramref name="certificate"/>'s extended key usage allows every role in <paramref name="usages"/> (no extension allows all).</summary>
    public static bool Allows(X509Certificate2 certificate, CertificateUsage usages) => MissingUsages(certificate, usages).Count == 0;

    private static X509Certificate2 Read(CertificateFileOptions files, string path, string? password, string setting)
    {
        try
        {
            if (IsPem(path))
            {
                var keyPath = string.IsNullOrWhiteSpace(files.KeyPath) ? null : files.KeyPath;
                return password is null
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
            }

            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new CertificateFileException(
                $"{setting}: certificate file '{path}'{KeyText(files)} cannot be read ({ex.Message}). Use a PEM certificate with its PEM private key " +
                $"(Path=tls.crt, KeyPath=tls.key; an encrypted key needs PasswordFile) or a PKCS#12 file with its PasswordFile.", ex);
        }
        catch (IOException ex)
        {
            throw new CertificateFileException($"{setting}: certificate file '{path}' cannot be read ({ex.Message}); check the file exists and this process may read it.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CertificateFileException($"{setting}: certificate file '{path}' cannot be read ({ex.Message}); give this process read access to it.", ex);
        }
    }

    private static void Check(X509Certificate2 certificate, string path, string setting, CertificateUsage usages, DateTimeOffset now)
    {
        var subject = certificate.Subject;
        if (!certificate.HasPrivateKey)
        {
            throw new CertificateFileException($"{setting}: certificate '{subject}' in '{path}' has no private key; set {setting}:KeyPath to its key file (tls.key) or use a PKCS#12 file that holds the key.");
        }

        if (now < certificate.NotBefore.ToUniversalTime())
        {
            throw new CertificateFileException($"{setting}: certificate '{subject}' in '{path}' is not valid before {certificate.NotBefore.ToUniversalTime():u}; check this machine's clock or issue a certificate valid now.");
        }

        if (now > certificate.NotAfter.ToUniversalTime())
        {
            throw new CertificateFileException($"{setting}: certificate '{subject}' in '{path}' expired on {certificate.NotAfter.ToUniversalTime():u}; renew it (cert-manager, your CA) and replace the file.");
        }

        if (certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } keyUsage
            && (keyUsage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment)) == 0)
        {
            throw new CertificateFileException($"{setting}: certificate '{subject}' in '{path}' has key usage {keyUsage.KeyUsages}, which allows no TLS handshake; issue it with digitalSignature (and keyEncipherment for RSA).");
        }

        var missing = MissingUsages(certificate, usages);
        if (missing.Count > 0)
        {
            throw new CertificateFileException($"{setting}: certificate '{subject}' in '{path}' lacks the extended key usage {string.Join(" and ", missing)}; issue it with {Needed(usages)} (cert-manager: spec.usages).");
        }
    }

    private static List<string> MissingUsages(X509Certificate2 certificate, CertificateUsage usages)
    {
        var missing = new List<string>();
        var extension = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extension is null)
        {
            // No extended key usage extension means the key may be used for any purpose (RFC 5280 4.2.1.12).
            return missing;
        }

        var oids = extension.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        if (usages.HasFlag(CertificateUsage.ServerAuth) && !oids.Contains(ServerAuthOid))
        {
            missing.Add($"serverAuth ({ServerAuthOid})");
        }

        if (usages.HasFlag(CertificateUsage.ClientAuth) && !oids.Contains(ClientAuthOid))
        {
            missing.Add($"clientAuth ({ClientAuthOid})");
        }

        return missing;
    }

    private static string Needed(CertificateUsage usages) => usages switch
    {
        CertificateUsage.ServerAuth | CertificateUsage.ClientAuth => "both 'server auth' and 'client auth'",
        CertificateUsage.ClientAuth => "'client auth'",
        _ => "'server auth'",
    };

    private static string? ReadPassword(CertificateFileOptions files, string setting)
    {
        if (string.IsNullOrWhiteSpace(files.PasswordFile))
        {
            return null;
        }

        RequireFile(files.PasswordFile, $"{setting}:PasswordFile");
        try
        {
            return File.ReadAllText(files.PasswordFile).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CertificateFileException($"{setting}:PasswordFile '{files.PasswordFile}' cannot be read ({ex.Message}); give this process read access to it.", ex);
        }
    }

    private static void RequireFile(string path, string setting)
    {
        if (!File.Exists(path))
        {
            throw new CertificateFileException($"{setting} '{path}' does not exist; mount the file there (a Kubernetes secret volume) or correct the setting.");
        }
    }

    private static bool IsPem(string path)
    {
        // PKCS#12 is binary DER; PEM is text starting (after optional comments) with a BEGIN line.
        Span<byte> head = stackalloc byte[4096];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.ASCII.GetString(head[..read]).Contains("-----BEGIN", StringComparison.Ordinal);
    }

    private static string KeyText(CertificateFileOptions files) =>
        string.IsNullOrWhiteSpace(files.KeyPath) ? string.Empty : $" with key '{files.KeyPath}'";
}
