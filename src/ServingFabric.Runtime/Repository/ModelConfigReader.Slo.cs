using System.Globalization;
using System.Text.Json;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>Availability settings of config.json: <c>"slo": {"availability": 0.999, "latency_ms": 1000}</c> and the <c>probe</c> request.</summary>
internal sealed partial class ModelConfigReader
{
    public const string SloField = "slo";
    public const string SloAvailabilityField = "availability";
    public const string SloLatencyField = "latency_ms";
    public const string ProbeField = "probe";

    /// <summary>The longest probe request config.json may carry, in characters of JSON.</summary>
    public const int MaxProbeLength = 65_536;

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

    /// <summary>The probe request's JSON text: an object with an <c>inputs</c> array (the gateway decodes the tensors).</summary>
    private string ReadProbe(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(ProbeField, $"is {Describe(element)}", "an inference request body, such as {\"inputs\": [{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [5.1, 3.5, 1.4, 0.2]}]}");
        }

        // Written out again rather than copied, so comments and spacing of a hand-edited file do not travel with it.
        var text = JsonSerializer.Serialize(element);
        return text.Length <= MaxProbeLength
            ? text
            : throw Invalid(ProbeField, $"is {text.Length} characters of JSON", $"at most {MaxProbeLength} (a small sample request)");
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
