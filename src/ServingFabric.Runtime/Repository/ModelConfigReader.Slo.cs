using System.Globalization;
using System.Text.Json;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>The objective of config.json: <c>"slo": {"availability": 0.999, "latency_ms": 1000}</c>.</summary>
internal sealed partial class ModelConfigReader
{
    public const string SloField = "slo";
    public const string SloAvailabilityField = "availability";
    public const string SloLatencyField = "latency_ms";

    private static readonly string[] SloFields = [SloAvailabilityField, SloLatencyField];

    private ServiceLevelObjective ReadSlo(JsonElement element)
    {
        var fields = Fields(element, SloField, SloFields);
        var availabilityPath = $"{SloField}.{SloAvailabilityField}";
        var availability = fields.TryGetValue(SloAvailabilityField, out var a)
            ? Number(a, availabilityPath, min: 0, max: 1, maxAllowed: false, "a share above 0 and below 1, such as 0.999 for 99.9 %")
            : ServiceLevelObjective.DefaultAvailability;
        var latencyPath = $"{SloField}.{SloLatencyField}";
        var latency = fields.TryGetValue(SloLatencyField, out var l)
            ? Number(l, latencyPath, min: 0, max: ServiceLevelObjective.MaxLatencyMs, maxAllowed: true, $"milliseconds above 0 and at most {ServiceLevelObjective.MaxLatencyMs:0}, such as 1000")
            : ServiceLevelObjective.DefaultLatencyMs;
        return new ServiceLevelObjective(availability, latency);
    }

    /// <summary>A finite number above <paramref name="min"/> and below <paramref name="max"/> (or equal to it when <paramref name="maxAllowed"/>).</summary>
    private double Number(JsonElement element, string path, double min, double max, bool maxAllowed, string expected)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Invalid(path, $"is {Describe(element)}", expected);
        }

        return value > min && (value < max || (maxAllowed && value == max)) ? value : throw Invalid(path, $"is {value.ToString(CultureInfo.InvariantCulture)}", expected);
    }
}
