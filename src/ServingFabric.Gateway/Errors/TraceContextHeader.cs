using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ServingFabric.Gateway.Errors;

/// <summary>
/// Returns the request's W3C trace context in a <c>traceparent</c> response header: the trace a caller's own
/// <c>traceparent</c> started (ASP.NET Core continues it), or the one the gateway began. A caller reports a failure
/// with that trace id, and an operator finds every span and log line of the request by it.
/// </summary>
internal static class TraceContextHeader
{
    public const string Header = "traceparent";

    /// <summary>Puts the server span's <c>traceparent</c> on the response, unless it has started or no span exists.</summary>
    public static void Stamp(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current;
        if (activity is { IdFormat: ActivityIdFormat.W3C, Id: { } id } && !context.Response.HasStarted)
        {
            context.Response.Headers[Header] = id;
        }
    }
}
