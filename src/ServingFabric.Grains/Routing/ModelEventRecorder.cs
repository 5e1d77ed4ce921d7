using Microsoft.Extensions.Logging;
using ServingFabric.Grains.Supervision;
using ServingFabric.Grains.Telemetry;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Appends a router's events to its log, capped at ServingFabric:Supervisor:EventLogCapacity, and logs each one:
/// a replica lost, unhealthy or ejected, and a degraded spread, as warnings (they need an operator).
/// </summary>
internal sealed partial class ModelEventRecorder(ReplicaSupervisorOptions options, TimeProvider time, ILogger<ModelEventRecorder> logger, FleetMetrics? fleet = null)
{
    public ModelEvent Record(ModelRouterState state, string model, EventDraft draft)
    {
        var entry = ModelEventLog.Append(state, draft, time.GetUtcNow(), options.EventLogCapacity);
        fleet?.RecordEvent(model, entry.Kind);
        if (entry.Kind is ModelEventKind.ReplicaLost or ModelEventKind.ReplicaUnhealthy or ModelEventKind.ReplicaEjected or ModelEventKind.SpreadDegraded)
        {
            LogWarningEvent(logger, model, entry.Kind, entry.Message);
        }
        else
        {
            LogEvent(logger, model, entry.Kind, entry.Message);
        }

        return entry;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} event {Kind}: {Message}")]
    private static partial void LogEvent(ILogger logger, string model, ModelEventKind kind, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} event {Kind}: {Message}")]
    private static partial void LogWarningEvent(ILogger logger, string model, ModelEventKind kind, string message);
}
