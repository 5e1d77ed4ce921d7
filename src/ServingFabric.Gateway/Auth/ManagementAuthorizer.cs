using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Decides whether a mutating management call may proceed. With an admin key configured the caller must send
/// <c>Authorization: Bearer &lt;key&gt;</c>. Without one, only loopback clients may change anything (the embedded
/// default listens on 127.0.0.1), and admin-only operations such as fault injection are refused: rehearsing an outage
/// must never be one unauthenticated request away.
/// </summary>
internal sealed partial class ManagementAuthorizer(AdminApiKeyProvider keys, ILogger<ManagementAuthorizer> logger)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Returns the caller, or throws 401/403 <see cref="InferenceException"/> saying how to get access.</summary>
    /// <param name="context">The request.</param>
    /// <param name="adminOnly">Null for an ordinary change; else what needs the admin key, for the message (for example "fault injection").</param>
    public ManagementCaller Authorize(HttpContext context, string? adminOnly)
    {
        ArgumentNullException.ThrowIfNull(context);
        var actor = ActorNames.From(context.Request.Headers[ActorNames.Header].FirstOrDefault());
        var remote = RemoteOf(context);
        if (keys.IsConfigured)
        {
            var presented = BearerToken(context.Request);
            if (presented is null)
            {
                LogRefused(logger, context.Request.Method, context.Request.Path, remote, "no bearer key");
                throw new InferenceException(InferenceErrorKind.Unauthorized,
                    $"{context.Request.Method} {context.Request.Path} changes the fabric and needs the admin key: send Authorization: Bearer <key> (ServingFabric:Gateway:AdminApiKey; the fabric CLI takes --api-key or FABRIC_API_KEY)");
            }

            if (!keys.Matches(presented))
            {
                LogRefused(logger, context.Request.Method, context.Request.Path, remote, "wrong bearer key");
                throw new InferenceException(InferenceErrorKind.Unauthorized,
                    "the key in Authorization: Bearer is not the admin key; send the value of ServingFabric:Gateway:AdminApiKey (or of the file AdminApiKeyFile names)");
            }

            return new ManagementCaller(actor, "admin key");
        }

        if (adminOnly is not null)
        {
            LogRefused(logger, context.Request.Method, context.Request.Path, remote, "admin-only without a configured key");
            throw new InferenceException(InferenceErrorKind.Forbidden,
                $"{adminOnly} needs ServingFabric:Gateway:AdminApiKey; set it and send Authorization: Bearer <key>");
        }

        if (!IsLoopback(context.Connection.RemoteIpAddress))
        {
            LogRefused(logger, context.Request.Method, context.Request.Path, remote, "not loopback and no key configured");
            throw new InferenceException(InferenceErrorKind.Forbidden,
                $"no ServingFabric:Gateway:AdminApiKey is configured, so changes are accepted only from loopback clients and this request came from {remote}; set the key and send Authorization: Bearer <key>");
        }

        return new ManagementCaller(actor, "loopback");
    }

    internal static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    internal static string RemoteOf(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address";

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[BearerPrefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused management call {Method} {Path} from {Remote}: {Why}. Callers must send Authorization: Bearer <ServingFabric:Gateway:AdminApiKey>, or call from loopback when no key is set")]
    private static partial void LogRefused(ILogger logger, string method, string path, string remote, string why);
}
