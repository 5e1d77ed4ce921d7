using Microsoft.Extensions.Logging;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

internal sealed partial class ModelRouterGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} deployed: versions [{Versions}], default {DefaultVersion}, revision {Revision}")]
    private static partial void LogDeployed(ILogger logger, string model, string versions, string defaultVersion, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} unloaded at revision {Revision}; load it again with POST /v2/repository/models/{Model}/load")]
    private static partial void LogUnloaded(ILogger logger, string model, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} event {Kind}: {Message}")]
    private static partial void LogEvent(ILogger logger, string model, ModelEventKind kind, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} event {Kind}: {Message}")]
    private static partial void LogWarningEvent(ILogger logger, string model, ModelEventKind kind, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moving replica {ReplicaKey} from zone {Zone} to zone {TargetZone} to restore the zone spread")]
    private static partial void LogRelocating(ILogger logger, string replicaKey, string? zone, string targetZone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} did not accept a move to restore the zone spread; the supervisor retries at its next probe")]
    private static partial void LogRelocateFailed(ILogger logger, Exception exception, string replicaKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervising model {Model} failed; the next probe retries in {Interval}. Check the cluster's health and the router's storage if this repeats.")]
    private static partial void LogSuperviseFailed(ILogger logger, Exception exception, string model, TimeSpan interval);
}
