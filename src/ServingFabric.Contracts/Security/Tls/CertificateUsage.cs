namespace ServingFabric.Contracts.Security.Tls;

/// <summary>The TLS roles a certificate must allow through its extended key usage extension.</summary>
[Flags]
public enum CertificateUsage
{
    /// <summary>No particular role.</summary>
    None = 0,

    /// <summary>TLS server authentication (1.3.6.1.5.5.7.3.1): a gateway, a silo accepting connections.</summary>
    ServerAuth = 1,

    /// <summary>TLS client authentication (1.3.6.1.5.5.7.3.2): a silo or client opening connections.</summary>
    ClientAuth = 2,
}
