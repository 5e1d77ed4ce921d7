using Microsoft.Extensions.Logging;

namespace ServingFabric.Grains.Routing;

internal sealed partial class ReplicaScaler
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the silos' CPU and memory for model {Model} failed; the autoscaler scales on load alone and placement does not avoid busy silos until a reading succeeds. Check the cluster's health if this repeats.")]
    private static partial void LogResourcesUnavailable(ILogger logger, Exception exception, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unloading drained replicas {ReplicaKeys} failed; they deactivate when idle anyway. Check their silos if this repeats.")]
    private static partial void LogDrainUnloadFailed(ILogger logger, Exception exception, string replicaKeys);
}
