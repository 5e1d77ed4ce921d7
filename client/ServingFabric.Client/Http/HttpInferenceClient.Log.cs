using Microsoft.Extensions.Logging;

namespace ServingFabric.Client;

public sealed partial class HttpInferenceClient
{
    [LoggerMessage(1, LogLevel.Debug, "Call for model {Model} failed with HTTP {StatusCode}: {Message}")]
    private static partial void LogCallFailed(ILogger logger, string message, string model, int statusCode);

    [LoggerMessage(2, LogLevel.Warning,
        "Could not reach the ServingFabric gateway at {BaseAddress}: {Error}. Check ServingFabricClientOptions.BaseAddress and that the gateway is running.")]
    private static partial void LogGatewayUnreachable(ILogger logger, Uri baseAddress, string error);
}
