using Microsoft.Extensions.Logging;

namespace ServingFabric.Grains.Fronts;

internal sealed partial class InferenceFrontGrain
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Inference on model {Model} version {Version} failed unexpectedly; check the replica's silo log for the cause")]
    private static partial void LogReplicaFailed(ILogger logger, Exception exception, string model, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The router of model {Model} did not answer; routing with the cached table (revision {Revision}) until it is re-activated")]
    private static partial void LogStaleRoutingTable(ILogger logger, Exception exception, string model, long revision);
}
