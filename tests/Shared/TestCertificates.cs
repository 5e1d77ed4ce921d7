using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// Certificates for TLS tests, made with <see cref="CertificateRequest"/>: a test CA and leaf certificates it issues
/// (SANs 127.0.0.1, ::1 and localhost; chosen extended key usages), written as PEM files (cert + key) in a folder.
/// </summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateCa(string name = "ServingFabric Test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>An intermediate CA issued by <paramref name="root"/>, which can issue leaves (<see cref="CreateLeaf"/>).</summary>
    public static X509Certificate2 CreateIntermediate(X509Certificate2 root, string name = "ServingFabric Test Intermediate")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var issued = request.Create(root, DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(20), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <paramref name="leaf"/> then <paramref name="intermediates"/> as <c>{name}.crt</c> (a chain, as cert-manager writes tls.crt) and the key as <c>{name}.key</c>.</summary>
    public static (string Certificate, string Key) WritePemChain(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, string folder, string name)
    {
        var (certificate, key) = WritePem(leaf, folder, name);
        File.AppendAllText(certificate, string.Concat(intermediates.Select(c => "\n" + c.ExportCertificatePem())));
        return (certificate, key);
    }

    /// <summary>A leaf certificate issued by <paramref name="ca"/>, or self-signed when it is null.</summary>
    public static X509Certificate2 CreateLeaf(
        X509Certificate2? ca, string name, bool serverAuth = true, bool clientAuth = true,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection();
        if (serverAuth)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }

        if (clientAuth)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var until = notAfter ?? DateTimeOffset.UtcNow.AddDays(7);
        if (ca is null)
        {
            return request.CreateSelfSigned(from, until);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(ca, from, until, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <paramref name="certificate"/> as <c>{name}.crt</c> and its key as <c>{name}.key</c>; returns both paths.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var certificatePath = Path.Combine(folder, name + ".crt");
        var keyPath = Path.Combine(folder, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
