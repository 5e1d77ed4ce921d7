using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Errors;
using ServingFabric.Gateway.Grpc;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Gateway.Management;
using ServingFabric.Gateway.Status;
using ServingFabric.Gateway.Transport;

namespace ServingFabric.Gateway;

/// <summary>Maps the Open Inference Protocol (KServe V2 / Triton), its repository extension, the /v1 management API, their OpenAPI document and the status page.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    public static WebApplication MapOpenInferenceProtocol(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ListenerProtocolMiddleware>();
        app.UseFabricAuthentication();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/v2") || context.Request.Path.StartsWithSegments("/v1"),
            branch => branch.UseMiddleware<OipExceptionMiddleware>());

        var v2 = app.MapGroup("/v2");
        // As Delegate, not RequestDelegate, so these handlers carry the metadata the OpenAPI document is made from.
        v2.MapGet("/health/live", (Delegate)ServerEndpoints.LiveAsync).AllowAnonymous();
        v2.MapGet("/health/ready", ServerEndpoints.ReadyAsync).AllowAnonymous();
        v2.MapGet("", (Delegate)ServerEndpoints.MetadataAsync).RequireAuthorization(FabricPolicies.Authenticated);

        // Metadata, readiness and inference of a model: the inference scope, for that model (keys may be narrowed to name patterns).
        var models = v2.MapGroup("/models/{name}").RequireAuthorization(FabricPolicies.Inference);
        models.MapGet("", (HttpContext c, string name, IGrainFactory g) => ModelEndpoints.MetadataAsync(c, name, null, g));
        models.MapGet("/versions/{version}", ModelEndpoints.MetadataAsync);
        models.MapGet("/ready", (HttpContext c, string name, IGrainFactory g) => ModelEndpoints.ReadyAsync(c, name, null, g));
        models.MapGet("/versions/{version}/ready", ModelEndpoints.ReadyAsync);

        models.MapPost("/infer", (HttpContext c, string name, FrontGrains f, Microsoft.Extensions.Options.IOptions<GatewayOptions> o, TimeProvider t, Memory.RequestMemoryBudget b) =>
            InferEndpoint.HandleAsync(c, name, null, f, o, t, b));
        models.MapPost("/versions/{version}/infer", InferEndpoint.HandleAsync);

        v2.MapPost("/repository/index", RepositoryEndpoints.IndexAsync).RequireAuthorization(FabricPolicies.Read);
        // Loading and unloading change what the cluster serves: the same scope as the management API's changes.
        v2.MapPost("/repository/models/{name}/load", RepositoryEndpoints.LoadAsync).RequiresScope(FabricPolicies.Manage);
        v2.MapPost("/repository/models/{name}/unload", RepositoryEndpoints.UnloadAsync).RequiresScope(FabricPolicies.Manage);

        // Anything else under /v2 answers in the protocol's error shape rather than an empty 404.
        v2.Map("/{**rest}", (HttpContext c) => OipErrorResults.WriteAsync(c, StatusCodes.Status404NotFound,
            $"no endpoint {c.Request.Method} {c.Request.Path}; see the Open Inference Protocol routes under /v2"));

        // KServe V2's gRPC service with Triton's repository RPCs, and server reflection (served on ServingFabric:Gateway:GrpcUrl).
        app.MapGrpcService<GrpcInferenceService>();
        // Reflection describes the service to anyone who may read the server metadata (GET /v2 needs the same scope).
        app.MapGrpcReflectionService().RequireAuthorization(FabricPolicies.Read);

        // The management API: status, versions, traffic, releases, scaling, feedback and the event log (the fabric CLI uses it).
        app.MapGroup("/v1").MapManagementApi();
        app.MapGatewayOpenApi().AllowAnonymous();

        // The live status page: static files that poll the reads above from the operator's browser.
        app.MapStatusPage();
        return app;
    }
}
