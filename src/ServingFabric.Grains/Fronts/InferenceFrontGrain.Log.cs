using Microsoft.Extensions.Logging;

namespace ServingFabric.Grains.Fronts;

internal sealed partial class InferenceFrontGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The router of model {Model} could not answer a routing-table refresh; routing with the cached table (revision {Revision}) and asking again after ServingFabric:Inference:RoutingTableTtl. If this repeats, check the router's silo")]
    private static partial void LogStaleRoutingTable(ILogger logger, Exception exception, string model, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The router of model {Model} has not answered a routing-table refresh for {WaitedMs} ms; routing with the cached table (revision {Revision}) meanwhile. If this persists, check the router's silo (frozen, overloaded or cut off)")]
    private static partial void LogSlowRoutingTable(ILogger logger, string model, long waitedMs, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "The router of model {Model} did not give this new front its routing table (attempt {Attempt}: {Error}); asking again, as the router activates elsewhere when its silo stops")]
    private static partial void LogFirstTableRetry(ILogger logger, string model, int attempt, string error);
}
