using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ServingFabric.Hosting;

namespace ServingFabric.Gateway.Tests;

/// <summary>A whole silo composed as the executable composes it, built but not started: for what its registration wires.</summary>
internal static class SiloHosts
{
    public static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServingFabricSilo();
        return builder.Build();
    }
}
