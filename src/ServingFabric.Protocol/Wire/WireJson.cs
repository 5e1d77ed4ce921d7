using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServingFabric.Protocol;

/// <summary>JSON plumbing shared by the codecs: parsing with protocol errors, and the writer settings.</summary>
internal static class WireJson
{
    // Bodies are served as application/json, never embedded in HTML, so non-ASCII text (BYTES tensors in any
    // language) is written as UTF-8 rather than inflated to \uXXXX escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, WriterOptions);

    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string what, bool hasHeaderLength)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            var hint = hasHeaderLength
                ? string.Empty
                : " If the body carries binary tensors, send the Inference-Header-Content-Length header with the JSON length.";
            throw ProtocolErrors.Invalid($"The {what} is not valid JSON: {ex.Message}{hint}");
        }
    }

    public static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ProtocolErrors.Invalid($"{what} must be a JSON object, not {Describe(element)}.");
        }
    }

    public static string? OptionalString(JsonElement obj, string property, string owner)
    {
        if (!obj.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw ProtocolErrors.Invalid($"{owner}: \"{property}\" must be a string, not {Describe(value)}.");
    }

    public static string RequiredString(JsonElement obj, string property, string owner) =>
        OptionalString(obj, property, owner)
        ?? throw ProtocolErrors.Invalid($"{owner} is missing \"{property}\" (a string).");

    public static JsonElement? OptionalArray(JsonElement obj, string property, string owner)
    {
        if (!obj.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw ProtocolErrors.Invalid($"{owner}: \"{property}\" must be a JSON array, not {Describe(value)}.");
    }

    public static JsonElement RequiredArray(JsonElement obj, string property, string owner) =>
        OptionalArray(obj, property, owner)
        ?? throw ProtocolErrors.Invalid($"{owner} is missing \"{property}\" (a JSON array).");

    /// <summary>Describes a JSON value for a message: its kind, and the value itself when it is short.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.String => $"the string {Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
