using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ServingFabric.Contracts.Security.Tls;

/// <summary>
/// Which peer certificates a mutual-TLS endpoint accepts: those chaining to the configured CA bundle (the bundle is the
/// only trust anchor; the machine's roots do not count) or those whose SHA-256 thumbprint is pinned. Host names are not
/// compared: silos address each other by IP, and the CA (or the pin) is what admits a peer to the cluster.
/// </summary>
public sealed class PeerCertificatePolicy
{
    private readonly X509Certificate2Collection _authorities;
    private readonly HashSet<string> _pins;
    private readonly bool _checkRevocation;
    private readonly TimeProvider _time;

    private PeerCertificatePolicy(X509Certificate2Collection authorities, HashSet<string> pins, bool checkRevocation, TimeProvider time)
    {
        _authorities = authorities;
        _pins = pins;
        _checkRevocation = checkRevocation;
        _time = time;
    }

    /// <summary>
    /// Reads the CA bundle and the pins; throws <see cref="CertificateFileException"/> when neither is set, the bundle
    /// is missing or holds no certificate, or a pin is not a SHA-256 thumbprint.
    /// </summary>
    public static PeerCertificatePolicy Create(MutualTlsOptions options, string setting, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var pins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pin in options.PinnedSha256 ?? [])
        {
            var normalized = NormalizePin(pin);
            if (normalized.Length != 64 || !normalized.All(char.IsAsciiHexDigitUpper))
            {
                throw new CertificateFileException($"{setting}:PinnedSha256 entry '{pin}' is not a SHA-256 thumbprint (64 hex digits); print one with 'openssl x509 -noout -fingerprint -sha256 -in peer.crt'.");
            }

            pins.Add(normalized);
        }

        var authorities = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(options.CaFile))
        {
            if (!File.Exists(options.CaFile))
            {
                throw new CertificateFileException($"{setting}:CaFile '{options.CaFile}' does not exist; mount the CA bundle (ca.crt) there or correct the setting.");
            }

            try
            {
                authorities.ImportFromPemFile(options.CaFile);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new CertificateFileException($"{setting}:CaFile '{options.CaFile}' cannot be read ({ex.Message}); it must be PEM CA certificates (-----BEGIN CERTIFICATE-----) this process may read.", ex);
            }

            if (authorities.Count == 0)
            {
                throw new CertificateFileException($"{setting}:CaFile '{options.CaFile}' holds no PEM certificate; put the cluster CA's certificate (ca.crt) in it.");
            }
        }

        if (authorities.Count == 0 && pins.Count == 0)
        {
            throw new CertificateFileException($"{setting}: neither CaFile nor PinnedSha256 is set, so no peer could be trusted; set {setting}:CaFile to the cluster CA bundle (ca.crt) or list the peers' SHA-256 thumbprints in {setting}:PinnedSha256.");
        }

        return new PeerCertificatePolicy(authorities, pins, options.CheckRevocation, time);
    }

    /// <summary>The upper-case hex SHA-256 thumbprint of <paramref name="certificate"/>, as pins are written.</summary>
    public static string Sha256Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>
    /// Why <paramref name="peer"/> is refused, or null when it is accepted.
    /// </summary>
    /// <param name="peer">The certificate the peer presented; null when it presented none.</param>
    /// <param name="presented">The chain the TLS handshake built, whose intermediates may complete the path to the CA.</param>
    /// <param name="usage">The role the peer plays: clientAuth for a peer that connected to us, serverAuth for one we connected to.</param>
    public string? Refusal(X509Certificate2? peer, X509Chain? presented, CertificateUsage usage)
    {
        if (peer is null)
        {
            return "it presented no certificate; give it a certificate issued by the cluster CA";
        }

        if (_pins.Contains(Sha256Of(peer)))
        {
            return null;
        }

        if (_authorities.Count == 0)
        {
            return "its SHA-256 thumbprint is not pinned; add it to PinnedSha256 if this peer belongs to the cluster";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = _checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (usage.HasFlag(CertificateUsage.ServerAuth))
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(CertificateFiles.ServerAuthOid));
        }

        if (usage.HasFlag(CertificateUsage.ClientAuth))
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(CertificateFiles.ClientAuthOid));
        }

        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }

        if (chain.Build(peer))
        {
            return null;
        }

        var problems = chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct();
        return $"its certificate does not chain to the cluster CA ({string.Join("; ", problems)}); issue it from the CA in CaFile, with the {usage} usage";
    }

    private static string NormalizePin(string pin) =>
        new((pin ?? string.Empty).Where(c => c is not (':' or ' ' or '-')).Select(char.ToUpperInvariant).ToArray());
}
