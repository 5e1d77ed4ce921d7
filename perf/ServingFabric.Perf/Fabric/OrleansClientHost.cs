using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServingFabric.Client;
using ServingFabric.Hosting;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// An external Orleans client connected to the benchmark silo's gateway port: the SDK's Orleans transport as a .NET
/// service inside the cluster would use it (a real network hop over loopback, not the silo's own grain factory).
/// </summary>
internal sealed class OrleansClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private OrleansClientHost(IHost host, IInferenceClient client)
    {
        _host = host;
        Client = client;
    }

    public IInferenceClient Client { get; }

    public static async Task<OrleansClientHost> ConnectAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        var defaults = new ServingFabricSiloOptions();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, defaults.ServiceId, defaults.ClusterId));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var grains = host.Services.GetRequiredService<IClusterClient>();
        return new OrleansClientHost(host, new OrleansInferenceClient(grains, new ServingFabricClientOptions { Transport = ServingFabricTransport.Orleans }));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
