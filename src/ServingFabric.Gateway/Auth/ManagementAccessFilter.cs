using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServingFabric.Inference;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Runs before every mutating management endpoint: authorizes the caller (<see cref="ManagementAuthorizer"/>), keeps
/// them for the handler, and afterwards logs the call with who, why and the outcome, also when it failed.
/// </summary>
/// <param name="adminOnly">Null for ordinary changes; what needs the admin key otherwise (for the 403 message).</param>
internal sealed partial class ManagementAccessFilter(string? adminOnly) : IEndpointFilter
{
    private static readonly object CallerKey = new();
    private static readonly object AuthorKey = new();

    /// <summary>The authorized caller of this request (set by the filter before the handler runs).</summary>
    public static ManagementCaller CallerOf(HttpContext context) =>
        context.Items[CallerKey] as ManagementCaller
        ?? throw new InvalidOperationException("The management endpoint ran without ManagementAccessFilter; map it through ManagementRoutes.");

    /// <summary>Who and why, for the router's event; remembered so the audit line carries the reason.</summary>
    public static ChangeAuthor AuthorOf(HttpContext context, string? reason, string defaultReason)
    {
        var author = new ChangeAuthor(CallerOf(context).Who, string.IsNullOrWhiteSpace(reason) ? defaultReason : reason.Trim());
        context.Items[AuthorKey] = author;
        return author;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILogger<ManagementAccessFilter>>();
        var caller = services.GetRequiredService<ManagementAuthorizer>().Authorize(http, adminOnly);
        http.Items[CallerKey] = caller;
        try
        {
            var result = await next(context);
            LogCall(logger, caller.Who, caller.Via, http.Request.Method, http.Request.Path, http.Response.StatusCode, WhyOf(http));
            return result;
        }
        catch (InferenceException ex)
        {
            LogCallFailed(logger, caller.Who, caller.Via, http.Request.Method, http.Request.Path, ex.StatusCode, WhyOf(http), ex.Message);
            throw;
        }
    }

    private static string WhyOf(HttpContext http) => (http.Items[AuthorKey] as ChangeAuthor)?.Why ?? "(none given)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Management call by {Who} ({Via}): {Method} {Path} answered {Status}; reason: {Why}")]
    private static partial void LogCall(ILogger logger, string who, string via, string method, string path, int status, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Management call by {Who} ({Via}): {Method} {Path} refused with {Status}; reason: {Why}; error: {Error}. The caller got this error and can correct the request")]
    private static partial void LogCallFailed(ILogger logger, string who, string via, string method, string path, int status, string why, string error);
}
