using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;
using ServingFabric.Contracts.Security.Tls;
using ServingFabric.Hosting.Tls;

namespace Orleans.Hosting;

/// <summary>Mutual TLS on a silo's Orleans connections (silo to silo, and clients to this silo's gateway).</summary>
public static class ServingFabricTlsSiloBuilderExtensions
{
    /// <summary>The section <see cref="MutualTlsOptions"/> is bound from (env <c>ServingFabric__Silo__Tls__Certificate__Path</c>).</summary>
    public const string SectionName = "ServingFabric:Silo:Tls";

    /// <summary>
    /// When <c>ServingFabric:Silo:Tls:Certificate:Path</c> is set, every Orleans connection of this silo is mutual TLS
    /// (1.2 or 1.3): the silo presents its certificate (which needs both serverAuth and clientAuth usages), reread when
    /// its files change, and accepts only peers whose certificate chains to <c>CaFile</c> or is pinned in
    /// <c>PinnedSha256</c>; refused peers are logged with their subject and thumbprint. Unset (the default), connections
    /// are plain TCP. The certificate and CA are checked now: bad settings throw at once, naming the file and the fix.
    /// </summary>
    public static ISiloBuilder AddServingFabricTls(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var tls = configuration.GetSection(SectionName).Get<MutualTlsOptions>() ?? new MutualTlsOptions();
        if (!tls.IsEnabled)
        {
            if (!string.IsNullOrWhiteSpace(tls.CaFile) || tls.PinnedSha256.Count > 0)
            {
                throw Invalid($"{SectionName}:CaFile or PinnedSha256 is set but {SectionName}:Certificate:Path is not; set the silo's certificate (Path and KeyPath) to turn mutual TLS on, or remove the CA settings.");
            }

            return builder;
        }

        // Checked while the host is composed, like the clustering settings: a silo that cannot join says why before it starts.
        PeerCertificatePolicy policy;
        try
        {
            CertificateFiles.Load(tls.Certificate, SectionName + ":Certificate", SiloUsages, DateTimeOffset.UtcNow).Dispose();
            policy = PeerCertificatePolicy.Create(tls, SectionName, TimeProvider.System);
        }
        catch (CertificateFileException ex)
        {
            throw Invalid(ex.Message);
        }

        builder.Services.AddOptions<SiloConnectionOptions>().Configure<ILoggerFactory>((connections, loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(MutualTls).FullName!);
            var certificate = MutualTls.CreateCertificate(tls, SectionName + ":Certificate", SiloUsages, logger);
            var inbound = MutualTls.Options(certificate, policy, CertificateUsage.ClientAuth, "inbound", logger);
            var outbound = MutualTls.Options(certificate, policy, CertificateUsage.ServerAuth, "outbound", logger);
            connections.ConfigureSiloInboundConnection(c => MutualTls.UseInbound(c, inbound, logger));
            connections.ConfigureGatewayInboundConnection(c => MutualTls.UseInbound(c, inbound, logger));
            connections.ConfigureSiloOutboundConnection(c => c.UseClientTls(outbound));
        });
        return builder;
    }

    private const CertificateUsage SiloUsages = CertificateUsage.ServerAuth | CertificateUsage.ClientAuth;

    private static OptionsValidationException Invalid(string failure) =>
        new(SectionName, typeof(MutualTlsOptions), [failure]);
}
