using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Management;

/// <summary>What every management endpoint does first: find the deployed model's router, check a version name, say who acts and why.</summary>
internal static class ManagedModels
{
    /// <summary>The optional body of a change that takes nothing but why.</summary>
    public static readonly ManagementBodySchema<ReasonRequest> ReasonBody = new(
        ManagementJsonContext.Default.ReasonRequest, """{"reason": "why, for the event log"}""");

    /// <summary>
    /// The router of a deployed model; 404 when the name is invalid or the catalog does not know it (checked before the
    /// router is called, so a made-up name activates nothing) or the model was never deployed. New models are deployed
    /// through <c>POST /v2/repository/models/{name}/load</c>, which does not come here.
    /// </summary>
    public static async Task<IModelRouterGrain> RouterAsync(HttpContext context, IGrainFactory grains, string name)
    {
        await ModelEndpoints.EnsureKnownAsync(context, name);
        var router = grains.GetGrain<IModelRouterGrain>(name);
        return await router.GetSpec() is not null
            ? router
            : throw new InferenceException(InferenceErrorKind.NotFound,
                $"unknown model '{name}': it was never deployed (POST /v2/repository/index lists the models)");
    }

    /// <summary>404 for a version name that could never exist (it is used in paths and grain keys).</summary>
    public static void EnsureVersionName(string name, string version)
    {
        if (!ModelNames.IsValid(version))
        {
            throw new InferenceException(InferenceErrorKind.NotFound,
                $"model '{name}' has no version '{version}'; GET /v1/models/{name}/versions lists them");
        }
    }

    /// <summary>The caller (the authenticated principal) and reason for the router's event; the default reason names the call.</summary>
    public static ChangeAuthor Author(HttpContext context, string? reason) =>
        ManagementAuditFilter.AuthorOf(context, reason, $"no reason given ({context.Request.Method} {context.Request.Path})");

    /// <summary>The reason of a DELETE: the body's <c>reason</c> (already checked), else the <c>reason</c> query parameter.</summary>
    public static string? ReasonOf(HttpContext context, string? reason)
    {
        if (reason is not null || !context.Request.Query.TryGetValue("reason", out var query))
        {
            return reason;
        }

        var text = query.ToString();
        return text.Length <= BodyMessages.MaxReasonLength
            ? text
            : throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"query parameter 'reason' has {text.Length} characters; expected at most {BodyMessages.MaxReasonLength}");
    }
}
