using System.Text;
using System.Text.Json;

namespace ServingFabric.Protocol;

/// <summary>
/// Reads and writes "parameters" objects. Values stay raw JSON text so that parameters the fabric does not know
/// pass through untouched, whatever their type.
/// </summary>
internal static class WireParameters
{
    public const string BinaryDataSize = "binary_data_size";
    public const string BinaryData = "binary_data";
    public const string BinaryDataOutput = "binary_data_output";

    public static Dictionary<string, string>? Read(WireFields owner, string ownerDescription)
    {
        if (!owner.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw ProtocolErrors.Invalid(
                $"{ownerDescription}: \"parameters\" must be a JSON object, not {WireJson.Describe(parameters)}.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in parameters.EnumerateObject())
        {
            if (result.Count == WireLimits.MaxParameters)
            {
                throw ProtocolErrors.Invalid(
                    $"{ownerDescription}: \"parameters\" has more than {WireLimits.MaxParameters} entries; send at most {WireLimits.MaxParameters}.");
            }

            WireLimits.CheckName(property.Name, $"{ownerDescription}: parameters");
            var raw = property.Value.GetRawText();
            if (Encoding.UTF8.GetByteCount(raw) > WireLimits.MaxParameterValueBytes)
            {
                throw ProtocolErrors.Invalid(
                    $"{ownerDescription}: parameters.{WireLimits.Shorten(property.Name)} is longer than {WireLimits.MaxParameterValueBytes} bytes of JSON; parameters carry settings, tensors carry data.");
            }

            result[property.Name] = raw;
        }

        return result;
    }

    /// <summary>Writes a "parameters" object unless there is nothing to write.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("parameters");
        WriteEntries(writer, parameters, skip: null);
        writer.WriteEndObject();
    }

    public static void WriteEntries(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> parameters, string? skip)
    {
        foreach (var (name, rawValue) in parameters)
        {
            if (name != skip)
            {
                writer.WritePropertyName(name);
                try
                {
                    // Validated: a malformed raw value must fail here, not produce a body nobody can read.
                    writer.WriteRawValue(rawValue);
                }
                catch (JsonException ex)
                {
                    throw new ArgumentException(
                        $"Parameter '{name}' must hold raw JSON text (a string value keeps its JSON quotes): {ex.Message}",
                        nameof(parameters),
                        ex);
                }
            }
        }
    }

    /// <summary>The boolean a raw parameter value holds; null when the parameter is absent or not a boolean.</summary>
    public static bool? ReadFlag(IReadOnlyDictionary<string, string>? parameters, string name) =>
        parameters is not null && parameters.TryGetValue(name, out var raw)
            ? raw.Trim() switch
            {
                "true" => true,
                "false" => false,
                _ => null,
            }
            : null;
}
