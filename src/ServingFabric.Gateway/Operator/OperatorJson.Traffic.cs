using System.Text.Json;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Operator;

internal static partial class OperatorJson
{
    private static void WriteTraffic(Utf8JsonWriter writer, string name, TrafficPolicy? policy)
    {
        // The router has no policy until something is set: that is the empty policy (all to the default), not unknown.
        var traffic = policy ?? TrafficPolicy.None;
        writer.WriteStartObject(name);
        writer.WriteStartArray("weights");
        foreach (var weight in traffic.Weights)
        {
            writer.WriteStartObject();
            writer.WriteString("version", weight.Version);
            WriteNumberOrNull(writer, "percent", weight.Percent);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (traffic.Mirror is { } mirror)
        {
            writer.WriteStartObject("mirror");
            writer.WriteString("version", mirror.Version);
            WriteNumberOrNull(writer, "percent", mirror.Percent);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("mirror");
        }

        writer.WriteStartArray("faults");
        foreach (var fault in traffic.Faults ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("version", fault.Version);
            WriteNumberOrNull(writer, "abort_percent", fault.AbortPercent);
            writer.WriteNumber("abort_status", fault.AbortStatus);
            WriteNumberOrNull(writer, "delay_percent", fault.DelayPercent);
            WriteNumberOrNull(writer, "delay_ms", fault.Delay.TotalMilliseconds);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (traffic.Experiment is { } arms)
        {
            writer.WriteStartObject("experiment");
            writer.WriteString("id", arms.Id);
            writer.WriteString("kind", KindName(arms.Kind));
            writer.WriteString("control", arms.Control);
            writer.WriteString("candidate", arms.Candidate);
            WriteNumberOrNull(writer, "slow_threshold_ms", arms.SlowThreshold?.TotalMilliseconds);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("experiment");
        }

        writer.WriteEndObject();
    }
}
