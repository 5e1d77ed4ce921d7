using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security.Tls;
using ServingFabric.Gateway;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Transport;

namespace ServingFabric.Hosting.Tls;

/// <summary>
/// Binds the gateway's listeners on Kestrel explicitly (not through <c>UseUrls</c>), so every https listener presents
/// the certificate from one <see cref="ReloadingCertificate"/>: a renewed certificate serves new handshakes without a
/// restart, and connections already open are left alone.
/// </summary>
internal sealed class GatewayListeners
{
    private readonly IReadOnlyList<GatewayListener> _listeners;
    private readonly GatewayOptions _gateway;
    private readonly GatewayAuthOptions _auth;

    private GatewayListeners(IReadOnlyList<GatewayListener> listeners, GatewayOptions gateway, GatewayAuthOptions auth)
    {
        _listeners = listeners;
        _gateway = gateway;
        _auth = auth;
    }

    /// <summary>
    /// Parses the listeners and applies <see cref="GatewayListenerPolicy"/> while the host is composed, so a silo that
    /// may not start says why before anything listens. The certificate itself is checked by the gateway's options validator.
    /// </summary>
    public static GatewayListeners Compose(IConfiguration configuration, GatewayOptions gateway)
    {
        var auth = configuration.GetSection(GatewayAuthOptions.SectionName).Get<GatewayAuthOptions>() ?? new GatewayAuthOptions();
        var failures = new List<string>();
        var listeners = GatewayListener.ParseAll(gateway.Url, gateway.GrpcUrl, failures);
        failures.AddRange(GatewayListenerPolicy.Failures(gateway, auth, listeners));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), failures);
        }

        return new GatewayListeners(listeners, gateway, auth);
    }

    /// <summary>Opens every listener on <paramref name="kestrel"/>.</summary>
    public void Bind(KestrelServerOptions kestrel)
    {
        var services = kestrel.ApplicationServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<GatewayListeners>();
        ReloadingCertificate? certificate = null;
        foreach (var listener in _listeners)
        {
            if (GatewayListenerPolicy.IsInsecure(_gateway, _auth, listener))
            {
                TlsLog.InsecureListenerAllowed(logger, listener.Url);
            }

            if (listener.IsHttps)
            {
                certificate ??= CreateCertificate(services.GetService<TimeProvider>() ?? TimeProvider.System, logger);
            }

            var source = certificate;
            // gRPC listeners speak HTTP/2 only: cleartext ones then take h2c with prior knowledge, as gRPC clients connect.
            var protocols = listener.IsGrpc ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
            Action<ListenOptions> configure = source is null || !listener.IsHttps
                ? options => Configure(options, listener, protocols)
                : options => Configure(options, listener, protocols).UseHttps(new TlsHandshakeCallbackOptions
                {
                    // The context carries the intermediates from the certificate file, so clients trusting only the root can verify.
                    OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = source.CurrentContext,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ClientCertificateRequired = false,
                        ApplicationProtocols = ApplicationProtocols(options.Protocols),
                    }),
                });
            if (listener.Address is null)
            {
                kestrel.ListenLocalhost(listener.Port, configure);
            }
            else
            {
                kestrel.Listen(listener.Address, listener.Port, configure);
            }
        }
    }

    private static ListenOptions Configure(ListenOptions options, GatewayListener listener, HttpProtocols protocols)
    {
        options.Protocols = protocols;
        return listener.IsGrpc ? options.MarkAsGrpc() : options;
    }

    /// <summary>The ALPN protocols a listener offers, as Kestrel offers them for its certificate options.</summary>
    private static List<SslApplicationProtocol> ApplicationProtocols(HttpProtocols protocols)
    {
        var offered = new List<SslApplicationProtocol>();
        if (protocols.HasFlag(HttpProtocols.Http2))
        {
            offered.Add(SslApplicationProtocol.Http2);
        }

        if (protocols.HasFlag(HttpProtocols.Http1))
        {
            offered.Add(SslApplicationProtocol.Http11);
        }

        return offered;
    }

    private ReloadingCertificate CreateCertificate(TimeProvider time, ILogger logger)
    {
        const string setting = GatewayOptions.SectionName + ":Certificate";
        var certificate = new ReloadingCertificate(
            _gateway.Certificate, setting, CertificateUsage.ServerAuth, time,
            reloaded: c => TlsLog.CertificateReloaded(logger, setting, c.Subject, PeerCertificatePolicy.Sha256Of(c), c.NotAfter.ToUniversalTime()),
            reloadFailed: ex => TlsLog.CertificateReloadFailed(logger, ex.Message));
        var current = certificate.Current;
        CertificateExpiry.Track(setting, certificate);
        TlsLog.CertificateLoaded(logger, setting, current.Subject, PeerCertificatePolicy.Sha256Of(current), current.NotAfter.ToUniversalTime());
        return certificate;
    }
}
