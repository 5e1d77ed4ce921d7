using Microsoft.Extensions.Logging;

namespace ServingFabric.Client;

public sealed partial class OrleansInferenceClient
{
    [LoggerMessage(1, LogLevel.Warning,
        "The gateway silo handling request '{RequestId}' for model {Model} went away ({Error}); retrying once on another silo.")]
    private static partial void LogRetryingAfterSiloFailure(ILogger logger, string model, string requestId, string error);

    [LoggerMessage(2, LogLevel.Information, "Model {Model} version {Version} is not ready: {Reason}")]
    private static partial void LogModelNotReady(ILogger logger, string model, string version, string reason);

    [LoggerMessage(3, LogLevel.Warning,
        "Could not reach the Orleans cluster: {Error}. Check the client's clustering configuration (UseOrleansClient) and that silos are running.")]
    private static partial void LogClusterUnreachable(ILogger logger, string error);
}
