using Microsoft.Extensions.Logging;

namespace ServingFabric.Grains.Routing;

internal sealed partial class ModelRouterGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} deployed: versions [{Versions}], default {DefaultVersion}, revision {Revision}")]
    private static partial void LogDeployed(ILogger logger, string model, string versions, string defaultVersion, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} unloaded at revision {Revision}; load it again with POST /v2/repository/models/{Model}/load")]
    private static partial void LogUnloaded(ILogger logger, string model, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervising model {Model} failed; the next probe retries in {Interval}. Check the cluster's health and the router's storage if this repeats.")]
    private static partial void LogSuperviseFailed(ILogger logger, Exception exception, string model, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: an operator's change could not be stored, so it was undone and the caller got a 503 to retry in {RetryAfterSeconds} s. Check the grain storage (Azure Table) connection")]
    private static partial void LogChangeNotStored(ILogger logger, Exception exception, string model, int retryAfterSeconds);
}
