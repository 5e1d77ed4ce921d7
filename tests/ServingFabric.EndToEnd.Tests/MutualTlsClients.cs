using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using ServingFabric.Client;
using ServingFabric.Contracts.Security.Tls;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// The SDK's Orleans client as an application registers it (<c>AddOrleansClient</c> with <c>UseServingFabricTls</c>,
/// <c>AddServingFabricClient</c> with <see cref="ServingFabricClientOptions.OrleansTls"/>), pointed at one silo's
/// Orleans gateway, started the way a host starts it (its hosted services).
/// </summary>
internal sealed class MutualTlsClients : IAsyncDisposable
{
    private ServiceProvider _services;

    private MutualTlsClients()
    {
        _services = null!;
    }

    /// <summary>The first failure to connect to the gateway, when there was one (the client does not retry).</summary>
    public Exception? ConnectFailure { get; private set; }

    /// <summary>The SDK's inference client over the Orleans transport.</summary>
    public IInferenceClient Inference => _services.GetRequiredService<IInferenceClient>();

    /// <summary>Builds the client; <paramref name="tls"/> null means no TLS (plain TCP, no certificate).</summary>
    public static MutualTlsClients Create(string clusterId, int gatewayPort, MutualTlsOptions? tls)
    {
        var clients = new MutualTlsClients();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
            client.UseConnectionRetryFilter((failure, _) =>
            {
                clients.ConnectFailure ??= failure;
                return Task.FromResult(false);
            });
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            if (tls is not null)
            {
                client.UseServingFabricTls();
            }
        });
        services.AddServingFabricClient(o =>
        {
            o.Transport = ServingFabricTransport.Orleans;
            o.OrleansTls = tls ?? new MutualTlsOptions();
        });
        clients._services = services.BuildServiceProvider();
        return clients;
    }

    /// <summary>Connects to the gateway (starts the client's hosted services), as <c>IHost.StartAsync</c> would.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
