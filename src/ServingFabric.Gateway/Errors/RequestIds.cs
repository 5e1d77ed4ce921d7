using Microsoft.AspNetCore.Http;

namespace ServingFabric.Gateway.Errors;

/// <summary>
/// The id that ties a response to the gateway's log lines: a client's <c>x-request-id</c> when it is at most
/// <see cref="MaxLength"/> safe characters (letters, digits, <c>- _ . :</c>), otherwise the request's
/// <see cref="HttpContext.TraceIdentifier"/> (which ASP.NET Core puts in every log line's scope as RequestId).
/// Every error response carries it in the <c>x-request-id</c> header.
/// </summary>
internal static class RequestIds
{
    public const string Header = "x-request-id";
    public const int MaxLength = 128;

    /// <summary>The request's id: the one already on the response, else the client's when safe, else the trace identifier.</summary>
    public static string Of(HttpContext context)
    {
        var stamped = context.Response.Headers[Header];
        if (stamped.Count == 1 && !string.IsNullOrEmpty(stamped[0]))
        {
            return stamped[0]!;
        }

        var sent = context.Request.Headers[Header];
        return sent.Count == 1 && IsSafe(sent[0]) ? sent[0]! : context.TraceIdentifier;
    }

    /// <summary>Whether the id is the client's own rather than the trace identifier ASP.NET Core already logs.</summary>
    public static bool IsClients(HttpContext context, string id) => !string.Equals(id, context.TraceIdentifier, StringComparison.Ordinal);

    /// <summary>Puts the id on the response, unless it has started.</summary>
    public static string Stamp(HttpContext context)
    {
        var id = Of(context);
        if (!context.Response.HasStarted)
        {
            context.Response.Headers[Header] = id;
        }

        return id;
    }

    /// <summary>Whether a client's id can go into headers and logs as it is.</summary>
    public static bool IsSafe(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
