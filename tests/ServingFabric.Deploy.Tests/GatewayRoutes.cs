using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using ServingFabric.Hosting;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The GET routes a silo really serves, read from the endpoint table of a silo application composed exactly as the
/// silo executable composes it (built, never started: nothing listens and no cluster is joined).
/// </summary>
internal static class GatewayRoutes
{
    private static readonly Lazy<IReadOnlySet<string>> Routes = new(Read);

    public static IReadOnlySet<string> Get => Routes.Value;

    private static HashSet<string> Read()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.AddServingFabricSilo();
        var app = builder.Build();
        try
        {
            app.MapServingFabric();
            return [.. ((IEndpointRouteBuilder)app).DataSources
                .SelectMany(source => source.Endpoints)
                .OfType<RouteEndpoint>()
                .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
                .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))];
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
