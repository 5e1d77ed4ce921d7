using System.Text.Json;

namespace ServingFabric.Protocol;

/// <summary>
/// One inference request or response body, walked once with <see cref="Utf8JsonReader"/> instead of parsed into a
/// <see cref="JsonDocument"/>: a document keeps about 12 bytes of index per token, so a 60 MB body of numbers cost
/// twice its size again before a single tensor byte was decoded. Every member except the tensors' "data" is small and
/// is kept as a <see cref="JsonElement"/>; each "data" is kept as the slice of the body that holds it and decoded
/// straight into the tensor's bytes later, once its datatype and shape are known (they may come after it).
/// </summary>
internal sealed class WireDocument
{
    private WireDocument(Dictionary<string, JsonElement> members, List<WireTensorEntry>? tensors)
    {
        Members = new WireFields(members);
        Tensors = tensors;
    }

    /// <summary>The top-level members, except the tensor array.</summary>
    public WireFields Members { get; }

    /// <summary>The entries of the tensor array; null when the body has none (or it is null).</summary>
    public List<WireTensorEntry>? Tensors { get; }

    /// <param name="json">The JSON part of the body, checked by <see cref="WireJson.Check"/> first.</param>
    /// <param name="tensorArray">"inputs" for a request, "outputs" for a response.</param>
    /// <param name="owner">How messages name the body, for example "The inference request".</param>
    public static WireDocument Read(ReadOnlyMemory<byte> json, string tensorArray, string owner)
    {
        var reader = new Utf8JsonReader(json.Span);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ProtocolErrors.Invalid($"{owner} must be a JSON object, not {WireJson.Describe(ref reader)}.");
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        List<WireTensorEntry>? tensors = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (name == tensorArray)
            {
                tensors = ReadTensorArray(json, ref reader, tensorArray, owner);
                members.Remove(name);
            }
            else
            {
                members[name] = JsonElement.ParseValue(ref reader);
            }
        }

        return new WireDocument(members, tensors);
    }

    private static List<WireTensorEntry>? ReadTensorArray(ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, string tensorArray, string owner)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw ProtocolErrors.Invalid($"{owner}: \"{tensorArray}\" must be a JSON array, not {WireJson.Describe(ref reader)}.");
        }

        var entries = new List<WireTensorEntry>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            entries.Add(reader.TokenType == JsonTokenType.StartObject
                ? ReadEntry(json, ref reader)
                : new WireTensorEntry(JsonElement.ParseValue(ref reader)));
        }

        return entries;
    }

    private static WireTensorEntry ReadEntry(ReadOnlyMemory<byte> json, ref Utf8JsonReader reader)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        ReadOnlyMemory<byte>? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isData = reader.ValueTextEquals("data"u8);
            var name = isData ? null : reader.GetString()!;
            reader.Read();
            if (isData)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var slice = json[start..(int)reader.BytesConsumed];
                data = reader.TokenType == JsonTokenType.Null ? null : slice;
            }
            else
            {
                members[name!] = JsonElement.ParseValue(ref reader);
            }
        }

        return new WireTensorEntry(new WireFields(members), data);
    }
}
