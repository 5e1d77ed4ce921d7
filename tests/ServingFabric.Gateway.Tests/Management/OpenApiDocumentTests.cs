using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>The OpenAPI document at /openapi/v1.json: open to read, and every route the gateway maps is in it.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OpenApiDocumentTests(GatewayFixture fixture)
{
    [Fact]
    public async Task OpenApiDocument_EveryMappedRoute_AppearsWithItsMethods()
    {
        using var response = await fixture.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        // Every endpoint with HTTP methods, as routing knows it. Left out: the document's own route, and the catch-all
        // fallbacks under /v1 and /v2 (no methods: they answer any unknown route with a 404 in the protocol's shape), and
        // the gRPC methods, which the .proto and server reflection describe.
        var routes = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<global::Grpc.AspNetCore.Server.GrpcMethodMetadata>() is null)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>() is { HttpMethods.Count: > 0 })
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Methods: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()!.HttpMethods))
            .Where(r => r.Path != "/openapi/{documentName}.json")
            .SelectMany(r => r.Methods.Select(method => $"{method} {r.Path}"))
            .Distinct()
            .ToList();

        Assert.Contains("GET /v2/health/ready", routes);
        Assert.Contains("PUT /v1/models/{name}/versions/{version}/fault", routes);
        Assert.True(routes.Count >= 33, $"only {routes.Count} routes found: {string.Join("; ", routes)}");
        var missing = routes.Where(route =>
        {
            var (method, path) = (route[..route.IndexOf(' ', StringComparison.Ordinal)], route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            return !paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _);
        }).ToList();
        Assert.True(missing.Count == 0, $"not in the OpenAPI document: {string.Join("; ", missing)}");
    }
}
