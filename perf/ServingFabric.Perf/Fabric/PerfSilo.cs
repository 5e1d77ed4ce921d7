using ServingFabric.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServingFabric.Hosting;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// A whole silo (Orleans and the HTTP gateway) in this process on free loopback ports, as a user runs it, serving the
/// benchmark repository: inside the harness when cores are shared, inside <see cref="SiloProcess"/> when they are split.
/// </summary>
internal sealed class PerfSilo : IBenchmarkSilo
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly WebApplication _app;

    private PerfSilo(WebApplication app, IReadOnlyList<Uri> addresses, int gatewayPort, Uri grpcAddress, bool responseCache)
    {
        GrpcAddress = grpcAddress;
        _app = app;
        Addresses = addresses;
        HttpAddress = addresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttp) ?? addresses[0];
        GatewayPort = gatewayPort;
        ResponseCache = responseCache;
    }

    public Uri HttpAddress { get; }

    public Uri GrpcAddress { get; }

    /// <summary>Every address the gateway listens on (the plain-HTTP one first in <see cref="HttpAddress"/>).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The silo's services (the security scenario times its authentication handlers directly).</summary>
    public IServiceProvider Services => _app.Services;

    public int GatewayPort { get; }

    public bool ResponseCache { get; }

    /// <summary>Starts the silo; <paramref name="settings"/> (<c>--Section:Key=value</c>) add to or override the benchmark's own.</summary>
    public static async Task<PerfSilo> StartAsync(string repository, bool responseCache, CancellationToken cancellationToken, params string[] settings)
    {
        var ports = FreePorts.Take(3);
        var grpcAddress = new Uri($"http://127.0.0.1:{ports[2]}");
        var builder = WebApplication.CreateBuilder(
        [
            "--ServingFabric:Gateway:Url=http://127.0.0.1:0",
            $"--ServingFabric:ModelRepository:Path={repository}",
            "--ServingFabric:ModelRepository:SeedSampleModel=false",
            $"--ServingFabric:Silo:SiloPort={ports[0]}",
            $"--ServingFabric:Silo:GatewayPort={ports[1]}",
            $"--ServingFabric:Gateway:GrpcUrl={grpcAddress}",
            $"--ServingFabric:ResponseCache:Enabled={(responseCache ? "true" : "false")}",
            .. settings,
        ]);

        // Orleans' start-up chatter (ServerGC advice, watchdog) would drown the progress lines; errors still show.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Error);

        // Under deliberate overload every failed request would print a stack trace; the harness counts failures and
        // keeps the first message in the report instead.
        builder.Logging.AddFilter("ServingFabric.Gateway.Errors", LogLevel.Critical);
        builder.AddServingFabricSilo();
        var app = builder.Build();
        app.MapServingFabric();
        await app.StartAsync(cancellationToken);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).Where(a => a.Port != grpcAddress.Port).ToList();
        var silo = new PerfSilo(app, addresses, ports[1], grpcAddress, responseCache);
        try
        {
            await silo.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = HttpAddress };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        while (true)
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                throw new InvalidOperationException("The benchmark silo stopped while starting; see the errors above.");
            }

            using (var response = await http.GetAsync(new Uri("v2/health/ready", UriKind.Relative), timeout.Token))
            {
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }

            // Readiness comes after every model is loaded and warmed; polling is the protocol's own way to learn it.
            await Task.Delay(50, timeout.Token);
        }
    }
}
