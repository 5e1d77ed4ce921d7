using Microsoft.Extensions.Logging;

namespace ServingFabric.Hosting.Tls;

internal static partial class TlsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Setting}: serving certificate '{Subject}' (SHA-256 {Thumbprint}), valid until {NotAfter:u}")]
    public static partial void CertificateLoaded(ILogger logger, string setting, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Setting}: the certificate files changed; new handshakes now get '{Subject}' (SHA-256 {Thumbprint}), valid until {NotAfter:u}")]
    public static partial void CertificateReloaded(ILogger logger, string setting, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Error, Message = "The certificate files changed but cannot be used, so the previous certificate keeps serving: {Problem}")]
    public static partial void CertificateReloadFailed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway listens on {Url}, reachable from other machines, without TLS or without authentication, because ServingFabric:Gateway:AllowInsecureHttp=true; keep it behind a proxy that terminates TLS and authenticates, or configure a certificate and ServingFabric:Gateway:Auth")]
    public static partial void InsecureListenerAllowed(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the TLS peer '{Subject}' (SHA-256 {Thumbprint}) on an Orleans {Direction} connection: {Reason}")]
    public static partial void PeerRefused(ILogger logger, string subject, string thumbprint, string direction, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An Orleans connection from {Remote} was closed during the TLS handshake: the peer presented no certificate, one refused above, or does not speak TLS; give it a certificate from the cluster CA (ServingFabric:Silo:Tls, or the client's OrleansTls)")]
    public static partial void InboundHandshakeFailed(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans connections use mutual TLS with certificate '{Subject}' (SHA-256 {Thumbprint}), valid until {NotAfter:u}")]
    public static partial void MutualTlsEnabled(ILogger logger, string subject, string thumbprint, DateTime notAfter);
}
