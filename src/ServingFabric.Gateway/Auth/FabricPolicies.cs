using Microsoft.AspNetCore.Authorization;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// The names of the gateway's authorization policies, one per endpoint group, each needing an authenticated principal
/// and a scope; <c>RequireAuthorization(FabricPolicies.Metrics)</c> puts one on an endpoint mapped elsewhere.
/// </summary>
public static class FabricPolicies
{
    /// <summary>Infer, model metadata and readiness: <see cref="FabricScopes.Inference"/> for the model.</summary>
    public const string Inference = "sf:inference";

    /// <summary>Management reads and the repository index: <see cref="FabricScopes.Read"/>.</summary>
    public const string Read = "sf:read";

    /// <summary>Changes: <see cref="FabricScopes.Manage"/> for the model.</summary>
    public const string Manage = "sf:manage";

    /// <summary>Fault injection: <see cref="FabricScopes.Faults"/> for the model.</summary>
    public const string Faults = "sf:faults";

    /// <summary>Feedback: <see cref="FabricScopes.Inference"/> or <see cref="FabricScopes.Feedback"/> for the model.</summary>
    public const string Feedback = "sf:feedback";

    /// <summary>Scraping /metrics: <see cref="FabricScopes.Metrics"/>.</summary>
    public const string Metrics = "sf:metrics";

    /// <summary>Any authenticated principal (server metadata, and the fallback for every endpoint without a policy).</summary>
    public const string Authenticated = "sf:authenticated";

    /// <summary>Adds the policies; every endpoint without one (health excepted, which allows anonymous) needs a principal.</summary>
    internal static AuthorizationBuilder AddFabricPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var authenticated = Principal().Build();
        return builder
            .AddPolicy(Authenticated, authenticated)
            .SetFallbackPolicy(authenticated)
            .AddPolicy(Inference, Scope(FabricScopes.Inference))
            .AddPolicy(Read, Scope(FabricScopes.Read))
            .AddPolicy(Manage, Scope(FabricScopes.Manage))
            .AddPolicy(Faults, Scope(FabricScopes.Faults))
            .AddPolicy(Feedback, Scope(FabricScopes.Inference, FabricScopes.Feedback))
            .AddPolicy(Metrics, Scope(FabricScopes.Metrics));
    }

    private static AuthorizationPolicyBuilder Principal() =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser();

    private static AuthorizationPolicy Scope(params string[] scopes) =>
        Principal().AddRequirements(new FabricScopeRequirement(scopes)).Build();
}
