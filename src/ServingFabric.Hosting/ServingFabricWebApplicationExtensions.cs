using ServingFabric.Hosting.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using ServingFabric.Deployment;
using ServingFabric.Gateway;
using ServingFabric.Hosting.Logging;
using ServingFabric.Hosting.Tls;
using ServingFabric.Hosting.Tracing;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Repository.Blob;
using ServingFabric.Runtime.Telemetry;

namespace ServingFabric.Hosting;

/// <summary>
/// Composes a whole silo process: Orleans, the HTTP gateway, telemetry and graceful shutdown. The embedded default
/// needs no configuration: one silo, localhost clustering, in-memory state, the gateway on http://127.0.0.1:8080.
/// The gateway's listeners (<c>ServingFabric:Gateway:Url</c>, several separated by <c>;</c>) are bound explicitly so
/// https ones serve the reloading certificate of <c>ServingFabric:Gateway:Certificate</c>; Orleans connections use
/// mutual TLS when <c>ServingFabric:Silo:Tls</c> names a certificate.
/// </summary>
public static class ServingFabricWebApplicationExtensions
{
    public static WebApplicationBuilder AddServingFabricSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var silo = configuration.GetSection(ServingFabricSiloOptions.SectionName).Get<ServingFabricSiloOptions>() ?? new ServingFabricSiloOptions();
        var gateway = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();

        builder.Logging.AddServingFabricLogFormat(configuration);
        // Secrets first: references in the settings below are read now, and a missing secret stops the start here.
        builder.Services.AddServingFabricSecrets(configuration);
        builder.Services.AddServingFabricGateway(configuration);
        builder.Services.TryAddSingleton<IModelArtifactImporter>(CreateArtifactImporter);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = silo.ShutdownTimeout);
        var listeners = GatewayListeners.Compose(configuration, gateway);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = TransportBodyLimit(gateway.MaxRequestBodyBytes);
            listeners.Bind(k);
        });

        builder.UseOrleans(orleans =>
        {
            // Clustering first: it registers the Azure Table storage that AddServingFabric would otherwise fill with memory.
            orleans.AddServingFabricClustering(configuration);
            orleans.AddServingFabricTls(configuration);
            orleans.AddServingFabric(configuration);
        });

        // System.Runtime: the runtime's own metrics (GC heap and pauses, thread pool queue and threads, JIT, lock
        // contention): what tells a slow silo's operator whether the model, the garbage collector or starved threads are to blame.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ServingFabricMetrics.MeterName, SecretMetrics.MeterName, CertificateExpiry.MeterName, "Microsoft.Orleans", RuntimeMeterName)
            .AddPrometheusExporter());
        builder.Services.AddServingFabricTracing(configuration);
        // The watchdog before the drain: hosted services start in order, and the drain arms the watchdog.
        builder.Services.AddSingleton<ShutdownWatchdog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShutdownWatchdog>());
        builder.Services.AddHostedService<DrainOnShutdown>();
        return builder;
    }

    /// <summary>
    /// Kestrel's own body limit: twice the gateway's. The endpoints refuse a body over the gateway's limit with 413
    /// before reading it; Kestrel then drains what the client still sends (within its 5 s drain timeout) and keeps the
    /// connection. With both limits equal, Kestrel would close the connection with the body unread, and the reset the
    /// kernel sends for unread data can destroy the 413 before the client reads it (a client still writing sees EPIPE
    /// instead of the answer). A body past this limit is still cut off by Kestrel.
    /// </summary>
    internal static long? TransportBodyLimit(long gatewayLimit) => gatewayLimit > long.MaxValue / 2 ? null : gatewayLimit * 2;

    /// <summary>
    /// Imports land in this silo's model repository (a volume shared with the inference silos in a cluster), from the
    /// folders the gateway's settings allow (the repository itself when none is listed), up to the gateway's size
    /// limit: the gateway that received the request writes where every silo reads.
    /// </summary>
    private static ModelArtifactImporter CreateArtifactImporter(IServiceProvider services)
    {
        var gateway = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        // A blob repository's imports land in its cache (shared by the silos that mount it); upload to the container
        // (fabric versions register --upload) to reach every silo.
        var repository = services.GetRequiredService<IModelRepository>();
        return new ModelArtifactImporter(
            repository is BlobModelRepository blob ? blob.CacheDirectory : repository.Location,
            gateway.ArtifactImportRoots,
            services.GetRequiredService<ILogger<ModelArtifactImporter>>(),
            gateway.MaxArtifactImportBytes);
    }

    /// <summary>The .NET runtime's built-in meter (dotnet.gc.*, dotnet.thread_pool.*, dotnet.jit.*), exported at /metrics.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Maps the Open Inference Protocol under /v2 and Prometheus metrics at /metrics.</summary>
    public static WebApplication MapServingFabric(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenInferenceProtocol();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ServingFabric.Gateway.Auth.FabricPolicies.Metrics);
        return app;
    }
}
