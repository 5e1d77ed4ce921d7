using Microsoft.Extensions.Logging;

namespace ServingFabric.Client;

public sealed partial class HttpInferenceClient
{
    [LoggerMessage(1, LogLevel.Debug, "Call for model {Model} failed with HTTP {StatusCode}: {Message}")]
    private static partial void LogCallFailed(ILogger logger, string message, string model, int statusCode);

    [LoggerMessage(2, LogLevel.Warning,
        "Could not reach the ServingFabric gateway at {BaseAddress}: {Error}. Check ServingFabricClientOptions.BaseAddress (or BaseAddresses) and that the gateway is running.")]
    private static partial void LogGatewayUnreachable(ILogger logger, Uri baseAddress, string error);

    [LoggerMessage(3, LogLevel.Debug,
        "Gateway {Gateway} failed ({Reason}); sending the call to {Next}. Expected while a silo restarts; if it lasts, check that gateway or remove it from ServingFabricClientOptions.BaseAddresses.")]
    private static partial void LogFailingOver(ILogger logger, Uri gateway, string reason, Uri next);
}
