using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServingFabric.Inference;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Runs on every management change after authorization: logs the call with who (the authenticated principal), via
/// which scheme, the outcome and the reason, also when it failed. The actor of the change's event is the principal;
/// a client's <c>x-fabric-actor</c> header is only a note appended to the reason (it proves nothing).
/// </summary>
internal sealed partial class ManagementAuditFilter : IEndpointFilter
{
    private static readonly object AuthorKey = new();

    /// <summary>Who and why, for the router's event; remembered so the audit line carries the reason.</summary>
    public static ChangeAuthor AuthorOf(HttpContext context, string? reason, string defaultReason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var why = string.IsNullOrWhiteSpace(reason) ? defaultReason : reason.Trim();
        var declared = context.Request.Headers[ActorNames.Header].FirstOrDefault();
        if (!string.IsNullOrWhiteSpace(declared))
        {
            why = $"{why}; declared actor: {ActorNames.From(declared)}";
        }

        var author = new ChangeAuthor(FabricPrincipals.CallerOf(context.User), why);
        context.Items[AuthorKey] = author;
        return author;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var logger = http.RequestServices.GetRequiredService<ILogger<ManagementAuditFilter>>();
        var who = FabricPrincipals.CallerOf(http.User);
        var via = http.User.Identity?.AuthenticationType ?? "none";
        try
        {
            var result = await next(context);
            LogCall(logger, who, via, http.Request.Method, http.Request.Path, http.Response.StatusCode, WhyOf(http));
            return result;
        }
        catch (InferenceException ex)
        {
            LogCallFailed(logger, who, via, http.Request.Method, http.Request.Path, ex.StatusCode, WhyOf(http), ex.Message);
            throw;
        }
    }

    private static string WhyOf(HttpContext http) => (http.Items[AuthorKey] as ChangeAuthor)?.Why ?? "(none given)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Management call by {Who} ({Via}): {Method} {Path} answered {Status}; reason: {Why}")]
    private static partial void LogCall(ILogger logger, string who, string via, string method, string path, int status, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Management call by {Who} ({Via}): {Method} {Path} refused with {Status}; reason: {Why}; error: {Error}. The caller got this error and can correct the request")]
    private static partial void LogCallFailed(ILogger logger, string who, string via, string method, string path, int status, string why, string error);
}
