namespace ServingFabric.Contracts.Security.Tls;

/// <summary>
/// A certificate with its private key, read from files: PEM (<c>tls.crt</c> + <c>tls.key</c>, as cert-manager and the
/// Key Vault CSI driver mount them) or PKCS#12 (<c>.pfx</c>/<c>.p12</c>). The files are read again when they change.
/// </summary>
public sealed class CertificateFileOptions
{
    /// <summary>
    /// The certificate file: PEM (the leaf first; the key may follow in the same file) or PKCS#12. Default none
    /// (no certificate: TLS off).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key file (<c>tls.key</c>), when it is not in <see cref="Path"/>. Default none.</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// A file holding the password of an encrypted PEM key or of a PKCS#12 file (surrounding whitespace ignored), so the
    /// password stays out of settings and environment listings. Default none (the key is not encrypted).
    /// </summary>
    public string? PasswordFile { get; set; }

    /// <summary>Whether a certificate file is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path);
}
