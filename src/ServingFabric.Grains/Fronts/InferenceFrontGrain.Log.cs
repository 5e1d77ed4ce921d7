using Microsoft.Extensions.Logging;
using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

internal sealed partial class InferenceFrontGrain
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Inference on model {Model} version {Version} failed unexpectedly; check the replica's silo log for the cause")]
    private static partial void LogReplicaFailed(ILogger logger, Exception exception, string model, string version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model {Model} version {Version}: replica {ReplicaKey} failed ({Reason}); retrying once on another replica")]
    private static partial void LogRetrying(ILogger logger, string model, string version, string replicaKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} ejected from this silo's rotation until {Until:O}: {Reason}. Check its silo's log for engine or load errors; it is probed with one request when the back-off ends.")]
    private static partial void LogEjected(ILogger logger, string replicaKey, string reason, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} failed its probe and stays out of rotation until {Until:O}; check its silo's log, or redeploy the version if its artifact is broken")]
    private static partial void LogProbeFailed(ILogger logger, string replicaKey, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaKey} is back in this silo's rotation: {Reason}")]
    private static partial void LogRecovered(ILogger logger, string replicaKey, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Replica {ReplicaKey} did not answer ({Reason}); first choices avoid it until it answers again, on this silo or where the supervisor re-activates it")]
    private static partial void LogReplicaUnreachable(ILogger logger, string replicaKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the router that replica {ReplicaKey} is {Verdict}; the model's event log misses this entry. Routing is unaffected; check that the router's silo is up.")]
    private static partial void LogHealthReportFailed(ILogger logger, Exception exception, string replicaKey, ReplicaHealthVerdict verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The router of model {Model} did not answer; routing with the cached table (revision {Revision}) until it is re-activated")]
    private static partial void LogStaleRoutingTable(ILogger logger, Exception exception, string model, long revision);
}
