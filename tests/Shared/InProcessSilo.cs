using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServingFabric.Hosting;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// A whole silo in the test process, composed as the silo executable composes it: Orleans and the HTTP gateway on free
/// loopback ports, the model repository at <c>repository</c>, warnings and above logged. Test fixtures add their own
/// settings (<c>--Section:Key=value</c>) and wait for readiness their own way.
/// </summary>
internal static class InProcessSilo
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(string repository, params string[] settings)
    {
        var ports = FreePorts.Take(2);
        var builder = WebApplication.CreateBuilder(
        [
            "--ServingFabric:Gateway:Url=http://127.0.0.1:0",
            $"--ServingFabric:ModelRepository:Path={repository}",
            $"--ServingFabric:Silo:SiloPort={ports[0]}",
            $"--ServingFabric:Silo:GatewayPort={ports[1]}",
            .. settings,
        ]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServingFabricSilo();
        var app = builder.Build();
        app.MapServingFabric();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>
    /// The gRPC listener of a silo started with <c>--ServingFabric:Gateway:GrpcUrl=http://127.0.0.1:0</c>: the gRPC
    /// listeners are bound after the REST ones, so it is the last address.
    /// </summary>
    public static Uri GrpcAddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Last());

    /// <summary>Polls <c>/v2/health/ready</c> (open to anyone) until it answers 200: the repository is loaded into the routers.</summary>
    public static async Task WaitUntilReadyAsync(Uri address, TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = limit };
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            using (var response = await http.GetAsync("/v2/health/ready", timeout.Token))
            {
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return;
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
