using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServingFabric.Gateway.Errors;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Gateway.Management;

namespace ServingFabric.Gateway;

/// <summary>Maps the Open Inference Protocol (KServe V2 / Triton), its repository extension, the /v1 management API and their OpenAPI document.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    public static WebApplication MapOpenInferenceProtocol(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/v2") || context.Request.Path.StartsWithSegments("/v1"),
            branch => branch.UseMiddleware<OipExceptionMiddleware>());

        var v2 = app.MapGroup("/v2");
        // As Delegate, not RequestDelegate, so these handlers carry the metadata the OpenAPI document is made from.
        v2.MapGet("/health/live", (Delegate)ServerEndpoints.LiveAsync);
        v2.MapGet("/health/ready", ServerEndpoints.ReadyAsync);
        v2.MapGet("", (Delegate)ServerEndpoints.MetadataAsync);

        v2.MapGet("/models/{name}", (HttpContext c, string name, IGrainFactory g) => ModelEndpoints.MetadataAsync(c, name, null, g));
        v2.MapGet("/models/{name}/versions/{version}", ModelEndpoints.MetadataAsync);
        v2.MapGet("/models/{name}/ready", (HttpContext c, string name, IGrainFactory g) => ModelEndpoints.ReadyAsync(c, name, null, g));
        v2.MapGet("/models/{name}/versions/{version}/ready", ModelEndpoints.ReadyAsync);

        v2.MapPost("/models/{name}/infer", (HttpContext c, string name, FrontGrains f, Microsoft.Extensions.Options.IOptions<GatewayOptions> o, TimeProvider t) =>
            InferEndpoint.HandleAsync(c, name, null, f, o, t));
        v2.MapPost("/models/{name}/versions/{version}/infer", InferEndpoint.HandleAsync);

        v2.MapPost("/repository/index", RepositoryEndpoints.IndexAsync);
        // Loading and unloading change what the cluster serves: the same access rule as the management API's changes.
        v2.MapPost("/repository/models/{name}/load", RepositoryEndpoints.LoadAsync).RequiresChangeAccess();
        v2.MapPost("/repository/models/{name}/unload", RepositoryEndpoints.UnloadAsync).RequiresChangeAccess();

        // Anything else under /v2 answers in the protocol's error shape rather than an empty 404.
        v2.Map("/{**rest}", (HttpContext c) => OipErrorResults.WriteAsync(c, StatusCodes.Status404NotFound,
            $"no endpoint {c.Request.Method} {c.Request.Path}; see the Open Inference Protocol routes under /v2"));

        // The management API: status, versions, traffic, releases, scaling, feedback and the event log (the fabric CLI uses it).
        app.MapGroup("/v1").MapManagementApi();
        app.MapGatewayOpenApi();
        return app;
    }
}
