using System.Security.Claims;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// The claims every authentication scheme of the gateway puts on its principal, so endpoints read one shape whatever
/// the credential: <see cref="CallerClaim"/> (who, unique per principal: <c>key:&lt;name&gt;</c>, <c>jwt:&lt;sub&gt;</c>,
/// or <see cref="Loopback"/> when no authentication is configured) and one <see cref="ScopeClaim"/> per granted scope.
/// </summary>
internal static class FabricPrincipals
{
    /// <summary>The caller's identity: what events record as the actor and what request ids are namespaced by.</summary>
    public const string CallerClaim = "sf:caller";

    /// <summary>A granted scope (<see cref="FabricScopes"/>), one claim each.</summary>
    public const string ScopeClaim = "sf:scope";

    /// <summary>The caller when no authentication is configured (then only loopback clients are served).</summary>
    public const string Loopback = "loopback";

    /// <summary>The caller of an unauthenticated request.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Who <paramref name="user"/> is (<see cref="Anonymous"/> when no scheme authenticated the request).</summary>
    public static string CallerOf(ClaimsPrincipal? user) =>
        user?.FindFirst(CallerClaim)?.Value is { Length: > 0 } caller ? caller : Anonymous;

    /// <summary>Whether <paramref name="user"/> holds <paramref name="scope"/> for <paramref name="model"/> (null: a call naming no model).</summary>
    public static bool HasScope(ClaimsPrincipal? user, string scope, string? model) =>
        user is not null && FabricScopes.Grants(user.FindAll(ScopeClaim).Select(c => c.Value), scope, model);
}
