using System.Text.Json;
using ServingFabric.Models;

namespace ServingFabric.Gateway.Operator;

/// <summary>
/// The operator API's JSON (snake_case, like the Open Inference Protocol): a model's versions and replicas with
/// silo, zone, state and health, its events (with the actor who caused each), its version registry, traffic
/// policy, release and scaling. The <c>fabric</c> CLI reads exactly these names.
/// </summary>
internal static partial class OperatorJson
{
    public static byte[] WriteModel(ModelStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("name", status.Name);
            writer.WriteBoolean("loaded", status.Loaded);
            writer.WriteNumber("revision", status.Revision);
            writer.WriteString("default_version", status.DefaultVersion);
            writer.WriteStartObject("replicas");
            writer.WriteNumber("min", status.Replicas.Min);
            writer.WriteNumber("max", status.Replicas.Max);
            writer.WriteNumber("per_version", status.ReplicasPerVersion);
            writer.WriteEndObject();
            writer.WriteStartArray("versions");
            foreach (var version in status.Versions)
            {
                WriteVersion(writer, version);
            }

            writer.WriteEndArray();
            WriteEvents(writer, "events", status.Name, status.RecentEvents);
            WriteRegistry(writer, "registry", status.Registry);
            WriteTraffic(writer, "traffic", status.Traffic);
            WriteExperimentSummary(writer, "experiment", status.Experiment);
            WriteScaling(writer, "scaling", status.Scaling);
            writer.WriteEndObject();
        });
    }

    public static byte[] WriteEvents(IEnumerable<(string Model, IReadOnlyList<ModelEvent> Events)> models) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("events");
            foreach (var (model, events) in models)
            {
                foreach (var entry in events)
                {
                    WriteEvent(writer, model, entry);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    private static void WriteVersion(Utf8JsonWriter writer, VersionStatus version)
    {
        writer.WriteStartObject();
        writer.WriteString("version", version.Version);
        writer.WriteStartArray("replicas");
        foreach (var replica in version.Replicas)
        {
            writer.WriteStartObject();
            writer.WriteString("key", replica.ReplicaKey);
            WriteNullable(writer, "silo", replica.Silo);
            WriteNullable(writer, "zone", replica.Zone);
            WriteNullable(writer, "target_zone", replica.TargetZone);
            writer.WriteString("state", replica.State?.ToString().ToLowerInvariant() ?? "unknown");
            writer.WriteString("health", replica.Health.ToString().ToLowerInvariant());
            writer.WriteNumber("queue_depth", replica.QueueDepth);
            writer.WriteNumber("in_flight", replica.InFlight);
            WriteNullable(writer, "error", replica.Error);
            if (replica.ObservedAt != default)
            {
                writer.WriteString("observed_at", replica.ObservedAt);
            }
            else
            {
                writer.WriteNull("observed_at");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEvents(Utf8JsonWriter writer, string name, string model, IReadOnlyList<ModelEvent> events)
    {
        writer.WriteStartArray(name);
        foreach (var entry in events)
        {
            WriteEvent(writer, model, entry);
        }

        writer.WriteEndArray();
    }

    private static void WriteEvent(Utf8JsonWriter writer, string model, ModelEvent entry)
    {
        writer.WriteStartObject();
        writer.WriteString("model", model);
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteString("timestamp", entry.Timestamp);
        writer.WriteString("kind", entry.Kind.ToString());
        WriteNullable(writer, "replica", entry.ReplicaKey);
        WriteNullable(writer, "silo", entry.Silo);
        WriteNullable(writer, "zone", entry.Zone);
        writer.WriteString("message", entry.Message);
        WriteNullable(writer, "actor", entry.Actor);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
