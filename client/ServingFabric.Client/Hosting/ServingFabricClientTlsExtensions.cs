using System.Net.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Connections.Security;
using ServingFabric.Contracts.Security.Tls;

namespace ServingFabric.Client;

/// <summary>Mutual TLS for the Orleans client the SDK's Orleans transport calls through.</summary>
public static partial class ServingFabricClientTlsExtensions
{
    private const string Setting = "ServingFabricClientOptions.OrleansTls";

    /// <summary>
    /// Connects to the silos' gateways over mutual TLS with <see cref="ServingFabricClientOptions.OrleansTls"/>: the
    /// client presents its certificate (reread when its files change) and accepts only silos whose certificate chains
    /// to the CA bundle or is pinned. Configure the options with <c>AddServingFabricClient</c> (or bind
    /// <c>ServingFabric:Client</c>); the certificate is loaded when the Orleans client is built, and a certificate that
    /// cannot be used throws there with a message naming the file and the fix.
    /// </summary>
    public static IClientBuilder UseServingFabricTls(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ClientConnectionOptions>().Configure<IOptions<ServingFabricClientOptions>, ILoggerFactory>((connections, client, loggers) =>
        {
            var tls = client.Value.OrleansTls;
            if (tls is not { IsEnabled: true })
            {
                throw new OptionsValidationException(Setting, typeof(MutualTlsOptions),
                    [$"UseServingFabricTls() was called but {Setting}.Certificate.Path is not set; set the client's certificate (Path and KeyPath) and CaFile, or do not call UseServingFabricTls()."]);
            }

            var logger = loggers.CreateLogger(typeof(ServingFabricClientTlsExtensions).FullName!);
            var certificate = new ReloadingCertificate(
                tls.Certificate, Setting + ".Certificate", CertificateUsage.ClientAuth, TimeProvider.System,
                reloadFailed: ex => LogCertificateReloadFailed(logger, ex.Message));
            var policy = PeerCertificatePolicy.Create(tls, Setting, TimeProvider.System);
            var options = new TlsOptions
            {
                RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
                LocalClientCertificateSelector = (_, _, _, _, _) => certificate.Current,

                // The context carries the intermediates from the certificate file, so silos trusting only the root can verify.
                OnAuthenticateAsClient = (_, client) =>
                {
                    var ssl = (SslClientAuthenticationOptions)client.SslClientAuthenticationOptions;
                    ssl.LocalCertificateSelectionCallback = null;
                    ssl.ClientCertificates = null;
                    ssl.ClientCertificateContext = certificate.CurrentContext;
                },
                RemoteCertificateValidation = (silo, chain, _) =>
                {
                    // Silos are addressed by IP: the CA (or the pin) decides, not the platform's host name check.
                    var refusal = policy.Refusal(silo, chain, CertificateUsage.ServerAuth);
                    if (refusal is not null)
                    {
                        LogSiloRefused(logger, silo.Subject, PeerCertificatePolicy.Sha256Of(silo), refusal);
                    }

                    return refusal is null;
                },
            };
            connections.ConfigureConnection(c => c.UseClientTls(options));
        });
        return builder;
    }

    /// <summary>What is wrong with the client's TLS settings (for the options validator).</summary>
    internal static IEnumerable<string> Failures(MutualTlsOptions tls)
    {
        var failures = new List<string>();
        try
        {
            CertificateFiles.Load(tls.Certificate, Setting + ".Certificate", CertificateUsage.ClientAuth, DateTimeOffset.UtcNow).Dispose();
        }
        catch (CertificateFileException ex)
        {
            failures.Add(ex.Message);
        }

        try
        {
            PeerCertificatePolicy.Create(tls, Setting, TimeProvider.System);
        }
        catch (CertificateFileException ex)
        {
            failures.Add(ex.Message);
        }

        return failures;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the silo certificate '{Subject}' (SHA-256 {Thumbprint}): {Reason}")]
    private static partial void LogSiloRefused(ILogger logger, string subject, string thumbprint, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The client certificate files changed but cannot be used, so the previous certificate stays: {Problem}")]
    private static partial void LogCertificateReloadFailed(ILogger logger, string problem);
}
