using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Errors;
using ServingFabric.Gateway.Operator;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// The management API under <c>/v1</c>. Reads (GET) need the <c>read</c> scope; every change (POST, PUT, DELETE) needs
/// <c>manage</c> for the model and is audited (<see cref="ManagementAuditFilter"/>); feedback needs <c>inference</c> or
/// <c>feedback</c> for the model; fault injection needs <c>faults</c>, which loopback callers without configured
/// authentication never get.
/// </summary>
internal static class ManagementRoutes
{
    /// <summary>Every route, for the 404 of an unknown one.</summary>
    public const string Summary =
        "GET|PUT /v1/models/{name}; GET|POST /v1/models/{name}/versions; POST /v1/models/{name}/versions/{v}/default|retire|optimize; " +
        "DELETE /v1/models/{name}/versions/{v}; PUT|DELETE /v1/models/{name}/versions/{v}/fault; POST /v1/models/{name}/rollback|canary|experiments|promote|abort|pause|resume|feedback; " +
        "GET /v1/models/{name}/experiment; GET|PUT /v1/models/{name}/scaling; GET /v1/events?model=&after=; GET /v1/secrets; GET /v1/audit/secrets?limit=; GET /v1/gpus";

    public static RouteGroupBuilder MapManagementApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models/{name}", OperatorEndpoints.ModelAsync).RequireAuthorization(FabricPolicies.Read);
        v1.MapPut("/models/{name}", TrafficEndpoints.PutModelAsync).RequiresScope(FabricPolicies.Manage);

        v1.MapGet("/models/{name}/versions", VersionEndpoints.ListAsync).RequireAuthorization(FabricPolicies.Read);
        v1.MapPost("/models/{name}/versions", VersionEndpoints.RegisterAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPost("/models/{name}/versions/{version}/optimize", OptimizeEndpoint.OptimizeAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPost("/models/{name}/versions/{version}/default", VersionEndpoints.SetDefaultAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPost("/models/{name}/versions/{version}/retire", VersionEndpoints.RetireAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapDelete("/models/{name}/versions/{version}", VersionEndpoints.RetireAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPut("/models/{name}/versions/{version}/fault", TrafficEndpoints.PutFaultAsync).RequiresScope(FabricPolicies.Faults);
        v1.MapDelete("/models/{name}/versions/{version}/fault", TrafficEndpoints.DeleteFaultAsync).RequiresScope(FabricPolicies.Faults);
        v1.MapPost("/models/{name}/rollback", VersionEndpoints.RollbackAsync).RequiresScope(FabricPolicies.Manage);

        v1.MapPost("/models/{name}/canary", ReleaseEndpoints.StartCanaryAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPost("/models/{name}/experiments", ReleaseEndpoints.StartAbTestAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPost("/models/{name}/promote", ReleaseEndpoints.PromoteAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPost("/models/{name}/abort", ReleaseEndpoints.AbortAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPost("/models/{name}/pause", ReleaseEndpoints.PauseAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapPost("/models/{name}/resume", ReleaseEndpoints.ResumeAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapGet("/models/{name}/experiment", ReleaseEndpoints.GetAsync).RequireAuthorization(FabricPolicies.Read);

        v1.MapPost("/models/{name}/feedback", FeedbackEndpoint.HandleAsync).RequireAuthorization(FabricPolicies.Feedback);
        v1.MapGet("/models/{name}/scaling", ScalingEndpoints.GetAsync).RequireAuthorization(FabricPolicies.Read);
        v1.MapPut("/models/{name}/scaling", ScalingEndpoints.PutAsync).RequiresScope(FabricPolicies.Manage);
        v1.MapGet("/events", OperatorEndpoints.EventsAsync).RequireAuthorization(FabricPolicies.Read);
        // As Delegate: a bare (HttpContext) handler would bind as a RequestDelegate, which the OpenAPI document leaves out.
        v1.MapGet("/secrets", (Delegate)SecretEndpoints.StatusAsync).RequireAuthorization(FabricPolicies.Read);
        v1.MapGet("/audit/secrets", (Delegate)SecretEndpoints.AuditAsync).RequireAuthorization(FabricPolicies.Read);
        v1.MapGet("/gpus", (Delegate)GpuEndpoints.StatusAsync).RequireAuthorization(FabricPolicies.Read);

        v1.Map("/{**rest}", (HttpContext c) => OipErrorResults.WriteAsync(c, StatusCodes.Status404NotFound,
            $"no endpoint {c.Request.Method} {c.Request.Path}; the management API has {Summary}"));
        return v1;
    }

    /// <summary>
    /// The endpoint changes the fabric: it needs <paramref name="policy"/> (a <see cref="FabricPolicies"/> name) and its
    /// calls are audited with the principal who made them.
    /// </summary>
    internal static RouteHandlerBuilder RequiresScope(this RouteHandlerBuilder endpoint, string policy) =>
        endpoint.RequireAuthorization(policy).AddEndpointFilter(new ManagementAuditFilter());
}
