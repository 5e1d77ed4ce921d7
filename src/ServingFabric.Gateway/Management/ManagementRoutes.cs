using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Errors;
using ServingFabric.Gateway.Operator;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// The management API under <c>/v1</c>. Reads (GET) are open, like the Open Inference Protocol's metadata; every
/// change (POST, PUT, DELETE) passes <see cref="ManagementAccessFilter"/>, except feedback, which applications send
/// for requests they made. Fault injection is admin-only: it needs a configured admin key even from loopback.
/// </summary>
internal static class ManagementRoutes
{
    /// <summary>Every route, for the 404 of an unknown one.</summary>
    public const string Summary =
        "GET|PUT /v1/models/{name}; GET|POST /v1/models/{name}/versions; POST /v1/models/{name}/versions/{v}/default|retire; " +
        "DELETE /v1/models/{name}/versions/{v}; PUT|DELETE /v1/models/{name}/versions/{v}/fault; POST /v1/models/{name}/rollback|canary|experiments|promote|abort|pause|resume|feedback; " +
        "GET /v1/models/{name}/experiment; GET|PUT /v1/models/{name}/scaling; GET /v1/events?model=&after=";

    public static RouteGroupBuilder MapManagementApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models/{name}", OperatorEndpoints.ModelAsync);
        v1.MapPut("/models/{name}", TrafficEndpoints.PutModelAsync).RequiresChangeAccess();

        v1.MapGet("/models/{name}/versions", VersionEndpoints.ListAsync);
        v1.MapPost("/models/{name}/versions", VersionEndpoints.RegisterAsync).RequiresChangeAccess();
        v1.MapPost("/models/{name}/versions/{version}/default", VersionEndpoints.SetDefaultAsync).RequiresChangeAccess();
        v1.MapPost("/models/{name}/versions/{version}/retire", VersionEndpoints.RetireAsync).RequiresChangeAccess();
        v1.MapDelete("/models/{name}/versions/{version}", VersionEndpoints.RetireAsync).RequiresChangeAccess();
        v1.MapPut("/models/{name}/versions/{version}/fault", TrafficEndpoints.PutFaultAsync).RequiresAdmin("fault injection");
        v1.MapDelete("/models/{name}/versions/{version}/fault", TrafficEndpoints.DeleteFaultAsync).RequiresAdmin("fault injection");
        v1.MapPost("/models/{name}/rollback", VersionEndpoints.RollbackAsync).RequiresChangeAccess();

        v1.MapPost("/models/{name}/canary", ReleaseEndpoints.StartCanaryAsync).RequiresChangeAccess();
        v1.MapPost("/models/{name}/experiments", ReleaseEndpoints.StartAbTestAsync).RequiresChangeAccess();
        v1.MapPost("/models/{name}/promote", ReleaseEndpoints.PromoteAsync).RequiresChangeAccess();
        v1.MapPost("/models/{name}/abort", ReleaseEndpoints.AbortAsync).RequiresChangeAccess();
        v1.MapPost("/models/{name}/pause", ReleaseEndpoints.PauseAsync).RequiresChangeAccess();
        v1.MapPost("/models/{name}/resume", ReleaseEndpoints.ResumeAsync).RequiresChangeAccess();
        v1.MapGet("/models/{name}/experiment", ReleaseEndpoints.GetAsync);

        v1.MapPost("/models/{name}/feedback", FeedbackEndpoint.HandleAsync);
        v1.MapGet("/models/{name}/scaling", ScalingEndpoints.GetAsync);
        v1.MapPut("/models/{name}/scaling", ScalingEndpoints.PutAsync).RequiresChangeAccess();
        v1.MapGet("/events", OperatorEndpoints.EventsAsync);

        v1.Map("/{**rest}", (HttpContext c) => OipErrorResults.WriteAsync(c, StatusCodes.Status404NotFound,
            $"no endpoint {c.Request.Method} {c.Request.Path}; the management API has {Summary}"));
        return v1;
    }

    /// <summary>The endpoint changes the fabric: it needs the admin key, or a loopback caller when none is configured.</summary>
    internal static RouteHandlerBuilder RequiresChangeAccess(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(new ManagementAccessFilter(adminOnly: null));

    private static RouteHandlerBuilder RequiresAdmin(this RouteHandlerBuilder endpoint, string what) =>
        endpoint.AddEndpointFilter(new ManagementAccessFilter(what));
}
