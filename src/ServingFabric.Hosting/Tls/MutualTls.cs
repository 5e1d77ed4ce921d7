using System.Net.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Connections.Security;
using ServingFabric.Contracts.Security.Tls;

namespace ServingFabric.Hosting.Tls;

/// <summary>The Orleans TLS settings of a silo: its reloading certificate presented, peers checked against the policy and refusals logged.</summary>
internal static class MutualTls
{
    public static ReloadingCertificate CreateCertificate(MutualTlsOptions tls, string setting, CertificateUsage usages, ILogger logger)
    {
        var certificate = new ReloadingCertificate(
            tls.Certificate, setting, usages, TimeProvider.System,
            reloaded: c => TlsLog.CertificateReloaded(logger, setting, c.Subject, PeerCertificatePolicy.Sha256Of(c), c.NotAfter.ToUniversalTime()),
            reloadFailed: ex => TlsLog.CertificateReloadFailed(logger, ex.Message));
        var current = certificate.Current;
        CertificateExpiry.Track(setting, certificate);
        TlsLog.MutualTlsEnabled(logger, current.Subject, PeerCertificatePolicy.Sha256Of(current), current.NotAfter.ToUniversalTime());
        return certificate;
    }

    /// <param name="certificate">This silo's certificate.</param>
    /// <param name="policy">Which peers are accepted.</param>
    /// <param name="peerUsage">The role the peer plays on these connections (clientAuth when it connected to us).</param>
    /// <param name="direction">inbound or outbound, for the log.</param>
    /// <param name="logger">Where refusals go.</param>
    public static TlsOptions Options(ReloadingCertificate certificate, PeerCertificatePolicy policy, CertificateUsage peerUsage, string direction, ILogger logger) => new()
    {
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        LocalServerCertificateSelector = (_, _) => certificate.Current,
        LocalClientCertificateSelector = (_, _, _, _, _) => certificate.Current,
        CheckCertificateRevocation = false,

        // The contexts carry the intermediates from the certificate file, so peers trusting only the root can verify.
        OnAuthenticateAsServer = (_, server) => SendChain(server, certificate),
        OnAuthenticateAsClient = (_, client) => SendChain(client, certificate),
        RemoteCertificateValidation = (peer, chain, _) =>
        {
            // The platform's verdict (policy errors) is ignored on purpose: it trusts the machine's roots and compares
            // host names; the cluster trusts only its CA (or pins) and addresses silos by IP.
            var refusal = policy.Refusal(peer, chain, peerUsage);
            if (refusal is null)
            {
                return true;
            }

            TlsLog.PeerRefused(logger, peer.Subject, PeerCertificatePolicy.Sha256Of(peer), direction, refusal);
            return false;
        },
    };

    /// <summary>Presents <paramref name="certificate"/> with its intermediates on a connection this side accepted.</summary>
    public static void SendChain(TlsServerAuthenticationOptions server, ReloadingCertificate certificate)
    {
        var ssl = (SslServerAuthenticationOptions)server.SslServerAuthenticationOptions;
        ssl.ServerCertificateSelectionCallback = null;
        ssl.ServerCertificate = null;
        ssl.ServerCertificateContext = certificate.CurrentContext;
    }

    /// <summary>Presents <paramref name="certificate"/> with its intermediates on a connection this side opened.</summary>
    public static void SendChain(TlsClientAuthenticationOptions client, ReloadingCertificate certificate)
    {
        var ssl = (SslClientAuthenticationOptions)client.SslClientAuthenticationOptions;
        ssl.LocalCertificateSelectionCallback = null;
        ssl.ClientCertificates = null;
        ssl.ClientCertificateContext = certificate.CurrentContext;
    }

    /// <summary>
    /// TLS on an inbound connection, with a note in the log when the handshake did not complete: Orleans drops a peer
    /// without a certificate before any validation callback runs, so without it such a refusal would be silent.
    /// </summary>
    public static void UseInbound(IConnectionBuilder connection, TlsOptions options, ILogger logger)
    {
        connection.Use(next => async context =>
        {
            await next(context);
            if (context.Features.Get<ITlsConnectionFeature>() is { RemoteCertificate: null })
            {
                TlsLog.InboundHandshakeFailed(logger, context.RemoteEndPoint?.ToString() ?? "an unknown peer");
            }
        });
        connection.UseServerTls(options);
    }
}
