using System.Buffers;
using System.Text.Json;

namespace ServingFabric.Protocol;

/// <summary>The Open Inference Protocol error body: <c>{"error": "message"}</c>.</summary>
public static class OipErrorJson
{
    public static byte[] Write(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = new ArrayBufferWriter<byte>();
        using (var writer = WireJson.CreateWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }

        return json.WrittenSpan.ToArray();
    }

    /// <summary>The error message of an error body, or null when the body is not one (so callers can fall back to the status text).</summary>
    public static string? TryReadMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                if (isError && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
