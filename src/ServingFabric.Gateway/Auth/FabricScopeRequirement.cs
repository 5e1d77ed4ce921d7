using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Met when the principal holds one of <see cref="Scopes"/> for the model the route names (its <c>{name}</c>), so
/// a key scoped to <c>inference:fraud-*</c> may infer on <c>fraud-v2</c> and nowhere else.
/// </summary>
internal sealed class FabricScopeRequirement(params string[] scopes) : IAuthorizationRequirement
{
    /// <summary>The scopes that each satisfy the requirement (the first is the one a 403 names).</summary>
    public IReadOnlyList<string> Scopes { get; } = scopes;

    /// <summary>The model the request names (route value <c>name</c>), or null.</summary>
    public static string? ModelOf(object? resource) =>
        resource is HttpContext http ? http.GetRouteValue("name") as string : null;
}

/// <summary>Checks <see cref="FabricScopeRequirement"/> with <see cref="FabricPrincipals.HasScope"/>.</summary>
internal sealed class FabricScopeRequirementHandler : AuthorizationHandler<FabricScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FabricScopeRequirement requirement)
    {
        var model = FabricScopeRequirement.ModelOf(context.Resource);
        foreach (var scope in requirement.Scopes)
        {
            if (FabricPrincipals.HasScope(context.User, scope, model))
            {
                context.Succeed(requirement);
                break;
            }
        }

        return Task.CompletedTask;
    }
}
