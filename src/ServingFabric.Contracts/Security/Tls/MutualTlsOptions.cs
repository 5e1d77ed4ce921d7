namespace ServingFabric.Contracts.Security.Tls;

/// <summary>
/// Mutual TLS between silos and between clients and silos: this process's certificate and which peers it accepts.
/// A peer is accepted when its certificate chains to <see cref="CaFile"/> or its SHA-256 thumbprint is in
/// <see cref="PinnedSha256"/>; a peer without a certificate is refused.
/// </summary>
public sealed class MutualTlsOptions
{
    /// <summary>This process's certificate. Silo certificates need both the serverAuth and clientAuth usages. Default none (TLS off).</summary>
    public CertificateFileOptions Certificate { get; set; } = new();

    /// <summary>A PEM bundle of the CA certificates a peer's certificate must chain to (<c>ca.crt</c>). Default none.</summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// SHA-256 thumbprints (hex, colons and case ignored) of peer certificates accepted without a CA, for clusters that
    /// pin self-signed certificates. Default empty.
    /// </summary>
    public IList<string> PinnedSha256 { get; set; } = [];

    /// <summary>Whether peer certificates are checked for revocation (online CRL/OCSP). Default false.</summary>
    public bool CheckRevocation { get; set; }

    /// <summary>Whether TLS is on (a certificate file is set).</summary>
    public bool IsEnabled => Certificate.IsConfigured;
}
