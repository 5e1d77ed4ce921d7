using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServingFabric.Telemetry;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Counts and logs every refused request: <c>servingfabric_auth_denied_total{reason}</c> on the fabric's meter (the
/// name the Runtime's <c>ServingFabricMetrics.MeterName</c> uses, so /metrics exports it) and a warning naming who and from where.
/// </summary>
internal sealed partial class AuthDenials
{
    /// <summary>The fabric's meter (same string as <c>ServingFabricMetrics.MeterName</c>; the gateway does not reference the Runtime).</summary>
    public const string MeterName = "ServingFabric";

    /// <summary>Exported to Prometheus as <c>servingfabric_auth_denied_total</c>.</summary>
    public const string CounterName = "servingfabric.auth.denied";

    private readonly Counter<long> _denied;
    private readonly ILogger<AuthDenials> _logger;

    public AuthDenials(IMeterFactory meterFactory, ILogger<AuthDenials> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _denied = FabricMeters.Create(meterFactory, MeterName).CreateCounter<long>(
            CounterName, "{request}", "Requests refused with 401 or 403, by reason (missing_credential, invalid_key, missing_scope, ...).");
        _logger = logger;
    }

    /// <summary>Counts and logs one denial; <paramref name="who"/> is a key name or token subject, never a credential.</summary>
    public void Record(HttpContext context, int status, string reason, string who, string message)
    {
        _denied.Add(1, new KeyValuePair<string, object?>("reason", reason));
        LogDenied(_logger, context.Request.Method, context.Request.Path, status, reason, who,
            context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address", message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} with {Status} ({Reason}) for {Who} from {Remote}: {Message}. The caller was told how to fix it; if this is unexpected, check the caller's key or token scopes (fabric keys list)")]
    private static partial void LogDenied(ILogger logger, string method, string path, int status, string reason, string who, string remote, string message);
}
