using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts.Security;
using ServingFabric.Gateway.Errors;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Answers refused requests in the Open Inference Protocol's error shape: 401 with <c>WWW-Authenticate: Bearer</c>
/// (<c>error="invalid_token"</c> when a credential was presented but refused) for a missing or bad credential, 403
/// naming the missing scope and model for a principal without it. Each refusal is counted and logged.
/// </summary>
internal sealed class FabricAuthorizationResultHandler(AuthDenials denials) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Challenged)
        {
            var result = await context.AuthenticateAsync(FabricAuthSchemes.Default);
            await ChallengeAsync(context, result.Failure as FabricAuthenticationException);
        }
        else if (authorizeResult.Forbidden)
        {
            await ForbidAsync(context, authorizeResult.AuthorizationFailure);
        }
        else
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }

    private Task ChallengeAsync(HttpContext context, FabricAuthenticationException? failure)
    {
        if (failure?.Reason == AuthDenialReasons.NotLoopback)
        {
            denials.Record(context, StatusCodes.Status403Forbidden, failure.Reason, FabricPrincipals.Anonymous, failure.Message);
            return OipErrorResults.WriteAsync(context, StatusCodes.Status403Forbidden, failure.Message);
        }

        string reason, message;
        if (failure is null)
        {
            reason = AuthDenialReasons.MissingCredential;
            message = $"{context.Request.Method} {context.Request.Path} needs a credential: send Authorization: Bearer <key or token> (or x-api-key: <key>); 'fabric keys create' makes keys and the fabric CLI takes --api-key or FABRIC_API_KEY";
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"servingfabric\"";
        }
        else
        {
            (reason, message) = (failure.Reason, failure.Message);
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"servingfabric\", error=\"invalid_token\", error_description=\"{Quoted(failure.Message)}\"";
        }

        denials.Record(context, StatusCodes.Status401Unauthorized, reason, failure?.Who ?? FabricPrincipals.Anonymous, message);
        return OipErrorResults.WriteAsync(context, StatusCodes.Status401Unauthorized, message);
    }

    private Task ForbidAsync(HttpContext context, AuthorizationFailure? failure)
    {
        var caller = FabricPrincipals.CallerOf(context.User);
        var requirement = failure?.FailedRequirements.OfType<FabricScopeRequirement>().FirstOrDefault();
        var scope = requirement?.Scopes[0] ?? "a scope";
        var model = FabricScopeRequirement.ModelOf(context);
        var needed = requirement is null ? scope : string.Join(" or ", requirement.Scopes.Select(s => $"'{s}'"));
        var forModel = model is null ? string.Empty : $" for model '{model}'";
        var message = caller == FabricPrincipals.Loopback
            ? $"{context.Request.Method} {context.Request.Path} needs scope {needed}{forModel}, which no caller gets while authentication is not configured; configure API keys (ServingFabric:Gateway:Auth:KeysFile, written by 'fabric keys create') or ServingFabric:Gateway:AdminApiKey and send Authorization: Bearer <key>"
            : $"{caller} lacks scope {needed}{forModel} that {context.Request.Method} {context.Request.Path} needs; use a key or token granting {scope}{(model is null ? string.Empty : $" (or {scope}:{model})")}";
        denials.Record(context, StatusCodes.Status403Forbidden, AuthDenialReasons.MissingScope, caller, message);
        return OipErrorResults.WriteAsync(context, StatusCodes.Status403Forbidden, message);
    }

    // A quoted-string of RFC 9110: no quotes or backslashes, printable ASCII only.
    private static string Quoted(string text) => new([.. text.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\')]);
}
