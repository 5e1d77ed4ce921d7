using Microsoft.Extensions.Logging;

namespace ServingFabric.Grains.Fronts;

internal sealed partial class ReplicaCaller
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Model {Model} version {Version}: replica {ReplicaKey} failed ({Reason}); retrying once on another replica")]
    private static partial void LogRetrying(ILogger logger, string model, string version, string replicaKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} ejected from this silo's rotation until {Until:O}: {Reason}. Check its silo's log for engine or load errors; it is probed with one request when the back-off ends.")]
    private static partial void LogEjected(ILogger logger, string replicaKey, string reason, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} failed its probe and stays out of rotation until {Until:O}; check its silo's log, or redeploy the version if its artifact is broken")]
    private static partial void LogProbeFailed(ILogger logger, string replicaKey, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaKey} is back in this silo's rotation: {Reason}")]
    private static partial void LogRecovered(ILogger logger, string replicaKey, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mirrored copy of a model {Model} request to version {Version} failed ({Reason}); the caller was not affected, and the failure counts in the version's outcomes")]
    private static partial void LogMirrorFailed(ILogger logger, string model, string version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} version {Version} failed on two replicas ({First}; then {Second}); the caller got a 503 to retry. Check the silos' health and the replicas' silo logs")]
    private static partial void LogFailedTwice(ILogger logger, Exception exception, string model, string version, string first, string second);
}
