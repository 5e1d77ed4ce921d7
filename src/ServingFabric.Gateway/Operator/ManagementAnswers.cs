using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Models;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Models;

namespace ServingFabric.Gateway.Operator;

/// <summary>
/// The management API's answers: the router's views turned into the contracts' records, which the source-generated
/// <see cref="Contracts.ManagementJsonContext"/> writes (snake_case, like the Open Inference Protocol). The <c>fabric</c>
/// CLI and the SDK's <c>IFabricManagementClient</c> read exactly these records.
/// </summary>
internal static partial class ManagementAnswers
{
    public static Task WriteAsync<T>(HttpContext context, int statusCode, T answer, JsonTypeInfo<T> typeInfo) =>
        JsonResults.WriteAsync(context, statusCode, Serialize(answer, typeInfo));

    /// <summary>An answer's JSON, exactly as the endpoint writes it.</summary>
    public static byte[] Serialize<T>(T answer, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(answer, typeInfo);

    public static ModelResponse Model(ModelStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new ModelResponse(
            status.Name,
            status.Loaded,
            status.Revision,
            status.DefaultVersion,
            new ReplicaCounts(status.Replicas.Min, status.Replicas.Max, status.ReplicasPerVersion),
            [.. status.Versions.Select(v => new VersionReplicas(v.Version, [.. v.Replicas.Select(Replica)], VersionAvailability(status.Availability, v.Version)))],
            [.. status.RecentEvents.Select(e => Event(status.Name, e))],
            status.Registry?.Select(v => Version(null, v)).ToList(),
            Traffic(status.Traffic),
            status.Experiment is { } experiment ? ExperimentSummary(experiment) : null,
            status.Scaling is { } scaling ? Scaling(null, scaling) : null,
            status.Availability is { } availability ? Availability(availability.Objective, availability.Windows) : null,
            status.Probes is { } probes ? Availability(probes.Objective, probes.Windows) : null);
    }

    private static AvailabilityResponse? VersionAvailability(ModelAvailability? model, string version) =>
        model?.Versions.FirstOrDefault(v => v.Version == version) is { } found ? Availability(model.Objective, found.Windows) : null;

    private static AvailabilityResponse Availability(ServiceLevelObjective objective, IReadOnlyList<AvailabilityWindow> windows) => new(
        objective.Availability,
        objective.LatencyMs,
        [.. windows.Select(w => new AvailabilityWindowResponse(w.Window, w.Valid, w.Good, w.Sli, Finite(w.ErrorBudgetRemaining(objective.Availability))))]);

    public static EventsResponse Events(IEnumerable<(string Model, IReadOnlyList<ModelEvent> Events)> models) =>
        new([.. models.SelectMany(m => m.Events.Select(e => Event(m.Model, e)))]);

    private static ReplicaResponse Replica(ReplicaObservation replica) => new(
        replica.ReplicaKey,
        replica.Silo,
        replica.Zone,
        replica.TargetZone,
        replica.State?.ToString().ToLowerInvariant() ?? "unknown",
        replica.Health.ToString().ToLowerInvariant(),
        replica.QueueDepth,
        replica.InFlight,
        replica.Error,
        replica.ObservedAt != default ? replica.ObservedAt : null,
        replica.LastGoodProbe,
        replica.Device);

    private static EventResponse Event(string model, ModelEvent entry) => new(
        model, entry.Sequence, entry.Timestamp, entry.Kind.ToString(), entry.ReplicaKey, entry.Silo, entry.Zone, entry.Message, entry.Actor);

    /// <summary>JSON has no NaN or infinity: an undefined estimate (no data yet, an unbounded interval) is null.</summary>
    private static double? Finite(double? value) => value is { } number && double.IsFinite(number) ? number : null;

    /// <summary>A PascalCase status or action as snake_case ("RolledBack" → "rolled_back"); free text stays as it is.</summary>
    private static string Token(string text) =>
        text.Length > 0 && text.All(char.IsAsciiLetter) ? JsonNamingPolicy.SnakeCaseLower.ConvertName(text) : text;
}
