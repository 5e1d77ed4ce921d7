using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Collection;

/// <summary>Opens a TLS connection to the gateway to read what it offers: protocol, certificate and whether the chain validates.</summary>
internal static class TlsHandshakeProbe
{
    public static async Task<Sourced<TlsObservation>> ObserveAsync(Uri url, CancellationToken cancellationToken)
    {
        const string source = "TLS handshake";
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return Sourced.Unavailable<TlsObservation>(source, $"{url} is not an https URL");
        }

        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(url.Host, url.Port, cancellationToken);
            var errors = SslPolicyErrors.None;
            // Observe, do not trust: the handshake completes whatever the certificate, and its validation errors become
            // evidence (SEC-4 fails on them). Nothing is sent over this connection.
#pragma warning disable CA5359
            await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, e) => { errors = e; return true; });
#pragma warning restore CA5359
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.Host }, cancellationToken);
            using var certificate = ssl.RemoteCertificate is { } remote ? new X509Certificate2(remote) : null;
            return certificate is null
                ? Sourced.Unavailable<TlsObservation>(source, "the server sent no certificate")
                : Sourced.Read(source, new TlsObservation(ssl.SslProtocol.ToString(), certificate.Subject, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), errors.ToString()));
        }
        catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return Sourced.Unavailable<TlsObservation>(source, ex.Message);
        }
    }
}
