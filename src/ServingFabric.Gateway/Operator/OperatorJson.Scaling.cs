using System.Text.Json;
using ServingFabric.Scaling;

namespace ServingFabric.Gateway.Operator;

internal static partial class OperatorJson
{
    /// <summary>A model's scaling: settings, replicas per version and recent decisions with their inputs.</summary>
    public static byte[] WriteScaling(string model, ScalingView scaling) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            WriteScalingFields(writer, scaling);
            writer.WriteEndObject();
        });

    private static void WriteScaling(Utf8JsonWriter writer, string name, ScalingView? scaling)
    {
        if (scaling is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        WriteScalingFields(writer, scaling);
        writer.WriteEndObject();
    }

    private static void WriteScalingFields(Utf8JsonWriter writer, ScalingView scaling)
    {
        var settings = scaling.Settings;
        writer.WriteStartObject("settings");
        WriteNumberOrNull(writer, "min_replicas", settings.MinReplicas);
        WriteNumberOrNull(writer, "max_replicas", settings.MaxReplicas);
        WriteNumberOrNull(writer, "target_in_flight_per_replica", settings.TargetInFlightPerReplica);
        WriteNumberOrNull(writer, "target_queue_depth_per_replica", settings.TargetQueueDepthPerReplica);
        WriteNumberOrNull(writer, "target_p95_latency_ms", settings.TargetP95Latency?.TotalMilliseconds);
        WriteNumberOrNull(writer, "max_cpu_percent", settings.MaxCpuPercent);
        WriteNumberOrNull(writer, "max_memory_percent", settings.MaxMemoryPercent);
        WriteNumberOrNull(writer, "scale_down_stabilization_seconds", settings.ScaleDownStabilization?.TotalSeconds);
        WriteNumberOrNull(writer, "scale_up_stabilization_seconds", settings.ScaleUpStabilization?.TotalSeconds);
        WriteNumberOrNull(writer, "max_concurrency", settings.MaxConcurrency);
        WriteNumberOrNull(writer, "max_queue_length", settings.MaxQueueLength);
        WriteNumberOrNull(writer, "queue_timeout_seconds", settings.QueueTimeout?.TotalSeconds);
        writer.WriteEndObject();
        WriteCounts(writer, "replicas_by_version", scaling.ReplicasByVersion);
        WriteCounts(writer, "serving_by_version", scaling.ServingByVersion);
        writer.WriteStartArray("recent_decisions");
        foreach (var decision in scaling.RecentDecisions)
        {
            writer.WriteStartObject();
            writer.WriteString("at", decision.At);
            writer.WriteString("version", decision.Version);
            writer.WriteNumber("from", decision.From);
            writer.WriteNumber("to", decision.To);
            writer.WriteString("reason", decision.Reason);
            writer.WriteStartObject("inputs");
            foreach (var (input, value) in decision.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                WriteNumberOrNull(writer, input, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, int> counts)
    {
        writer.WriteStartObject(name);
        foreach (var (version, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(version, count);
        }

        writer.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter writer, string name, IReadOnlyList<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>JSON has no NaN or infinity: an undefined estimate (no data yet, an unbounded interval) is null.</summary>
    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
