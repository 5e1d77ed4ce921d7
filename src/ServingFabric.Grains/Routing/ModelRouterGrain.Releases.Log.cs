using Microsoft.Extensions.Logging;

namespace ServingFabric.Grains.Routing;

internal sealed partial class ModelRouterGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: outcome report from {Reporter} had entries the router dropped ({Problems}); the front that sent them has a bug, check its version")]
    private static partial void LogOutcomesDropped(ILogger logger, string model, string reporter, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} of a retired version did not unload; it refuses to load again and is collected when idle. Check its silo if this repeats")]
    private static partial void LogRetiredReplicaNotUnloaded(ILogger logger, Exception exception, string replicaKey);
}
