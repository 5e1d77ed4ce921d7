using System.Buffers;
using System.Text;
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
        Check(json.Span, what, hasHeaderLength);
        return JsonDocument.Parse(json);
    }

    /// <summary>
    /// Checks the syntax (nesting at most 64 deep) and that every string is valid Unicode, so that code walking the
    /// text afterwards meets neither a syntax error nor a string it cannot read.
    /// </summary>
    public static void Check(ReadOnlySpan<byte> json, string what, bool hasHeaderLength)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            var hint = hasHeaderLength
                ? string.Empty
                : " If the body carries binary tensors, send the Inference-Header-Content-Length header with the JSON length.";
            throw ProtocolErrors.Invalid($"The {what} is not valid JSON: {ex.Message}{hint}");
        }

        if (WireJsonText.FindInvalidString(json) is { } where)
        {
            throw ProtocolErrors.Invalid(
                $"The {what} has {where} that is not valid Unicode (invalid UTF-8, or an escaped surrogate such as \\ud800 without its pair); send UTF-8 text, and BYTES values that are not text as binary data.");
        }
    }

    public static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ProtocolErrors.Invalid($"{what} must be a JSON object, not {Describe(element)}.");
        }
    }

    public static string? OptionalString(WireFields obj, string property, string owner)
    {
        if (!obj.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw ProtocolErrors.Invalid($"{owner}: \"{property}\" must be a string, not {Describe(value)}.");
    }

    public static string RequiredString(WireFields obj, string property, string owner) =>
        OptionalString(obj, property, owner)
        ?? throw ProtocolErrors.Invalid($"{owner} is missing \"{property}\" (a string).");

    public static JsonElement? OptionalArray(WireFields obj, string property, string owner)
    {
        if (!obj.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw ProtocolErrors.Invalid($"{owner}: \"{property}\" must be a JSON array, not {Describe(value)}.");
    }

    public static JsonElement RequiredArray(WireFields obj, string property, string owner) =>
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

    /// <summary>Describes the token under the reader, as <see cref="Describe(JsonElement)"/> does an element.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => $"the number {Shorten(Encoding.UTF8.GetString(reader.ValueSpan))}",
        JsonTokenType.String => $"the string {Shorten(Encoding.UTF8.GetString(reader.ValueSpan), quoted: true)}",
        JsonTokenType.True => "the boolean true",
        JsonTokenType.False => "the boolean false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => "nothing",
    };

    private static string Shorten(string text, bool quoted) => quoted ? Shorten($"\"{text}\"") : Shorten(text);

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
