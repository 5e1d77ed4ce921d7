using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// The OpenAPI document of the gateway's HTTP API, the Open Inference Protocol (<c>/v2</c>) and the management API
/// (<c>/v1</c>), served at <c>/openapi/v1.json</c>. Reading it needs no credential: it holds routes, parameters and shapes, never a secret or a setting of this silo, and the same
/// document is public in the repository's contracts. Changes stay guarded whatever the document says.
/// </summary>
internal static class GatewayOpenApi
{
    /// <summary>The document's name: its path is <c>/openapi/{DocumentName}.json</c>.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where the document is served.</summary>
    public const string Path = "/openapi/" + DocumentName + ".json";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ServingFabric gateway";
            document.Info.Description =
                "The Open Inference Protocol (KServe V2 / Triton) under /v2 and the management API under /v1. Errors are {\"error\": \"...\"}. " +
                "Every endpoint but health needs Authorization: Bearer <API key or JWT> (or x-api-key) with the endpoint's scope: inference, read, manage, faults, feedback or metrics " +
                "(a loopback caller gets every scope but faults while no authentication is configured).";
            return Task.CompletedTask;
        }));

    public static IEndpointConventionBuilder MapGatewayOpenApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapOpenApi("/openapi/{documentName}.json");
}
