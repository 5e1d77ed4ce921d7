using System.Text.Json;

namespace ServingFabric.Protocol;

/// <summary>
/// One inference request or response body, walked once with <see cref="Utf8JsonReader"/> instead of parsed into a
/// <see cref="JsonDocument"/>: a document keeps about 12 bytes of index per token, so a 60 MB body of numbers cost
/// twice its size again before a single tensor byte was decoded. Each tensor's "data" is kept as the slice of the body
/// that holds it and decoded straight into the tensor's bytes later, once its datatype and shape are known (they may
/// come after it). Everything else (small: names, shapes, parameters) is copied, without the "data" values, into one
/// per-thread buffer (<see cref="WireJsonScratch"/>) and read as one document over it: parsing each member into an
/// element of its own copied its bytes and built a document per member, about 2-3 KB of garbage for a four-number
/// request. Dispose it once the members are read. A member named twice counts once, with its last value.
/// </summary>
internal sealed class WireDocument : IDisposable
{
    private readonly WireJsonScratch _scratch;
    private readonly JsonDocument _document;

    private WireDocument(WireJsonScratch scratch, JsonDocument document, string tensorArray, List<ReadOnlyMemory<byte>?>? dataSlices)
    {
        _scratch = scratch;
        _document = document;
        Members = document.RootElement;
        if (dataSlices is not null && document.RootElement.TryGetProperty(tensorArray, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            Tensors = new List<WireTensorEntry>(dataSlices.Count);
            foreach (var entry in array.EnumerateArray())
            {
                Tensors.Add(entry.ValueKind == JsonValueKind.Object ? new WireTensorEntry(entry, dataSlices[Tensors.Count]) : new WireTensorEntry(entry));
            }
        }
    }

    /// <summary>The body's members (the tensor array among them, its entries without "data").</summary>
    public WireFields Members { get; }

    /// <summary>The tensor array's entries, or null when the body has none (or null).</summary>
    public List<WireTensorEntry>? Tensors { get; }

    /// <summary>Reads <paramref name="json"/>, which <see cref="WireJson.Check"/> has found valid; the body must outlive the result.</summary>
    public static WireDocument Read(ReadOnlyMemory<byte> json, string tensorArray, string owner)
    {
        var scratch = WireJsonScratch.Rent();
        try
        {
            var copy = scratch.Writer;
            var reader = new Utf8JsonReader(json.Span);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw ProtocolErrors.Invalid($"{owner} must be a JSON object, not {WireJson.Describe(ref reader)}.");
            }

            List<ReadOnlyMemory<byte>?>? dataSlices = null;
            copy.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTensorArray = reader.ValueTextEquals(tensorArray);
                CopyName(ref reader, copy);
                reader.Read();
                if (isTensorArray)
                {
                    dataSlices = CopyTensorArray(json, ref reader, copy, tensorArray, owner);
                }
                else
                {
                    CopyValue(json, ref reader, copy);
                }
            }

            copy.WriteEndObject();
            copy.Flush();
            return new WireDocument(scratch, JsonDocument.Parse(scratch.Buffer.WrittenMemory), tensorArray, dataSlices);
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _document.Dispose();
        _scratch.Dispose();
    }

    private static List<ReadOnlyMemory<byte>?>? CopyTensorArray(
        ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, Utf8JsonWriter copy, string tensorArray, string owner)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            copy.WriteNullValue();
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw ProtocolErrors.Invalid($"{owner}: \"{tensorArray}\" must be a JSON array, not {WireJson.Describe(ref reader)}.");
        }

        var dataSlices = new List<ReadOnlyMemory<byte>?>();
        copy.WriteStartArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                dataSlices.Add(CopyEntry(json, ref reader, copy));
            }
            else
            {
                CopyValue(json, ref reader, copy);
                dataSlices.Add(null);
            }
        }

        copy.WriteEndArray();
        return dataSlices;
    }

    // Copies one tensor entry without its "data", and returns that (its last one's) slice, or null when absent or null.
    private static ReadOnlyMemory<byte>? CopyEntry(ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, Utf8JsonWriter copy)
    {
        ReadOnlyMemory<byte>? data = null;
        copy.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var slice = json[start..(int)reader.BytesConsumed];
                data = reader.TokenType == JsonTokenType.Null ? null : slice;
            }
            else
            {
                CopyName(ref reader, copy);
                reader.Read();
                CopyValue(json, ref reader, copy);
            }
        }

        copy.WriteEndObject();
        return data;
    }

    private static void CopyName(ref Utf8JsonReader reader, Utf8JsonWriter copy)
    {
        if (reader.ValueIsEscaped)
        {
            copy.WritePropertyName(reader.GetString()!);
        }
        else
        {
            copy.WritePropertyName(reader.ValueSpan);
        }
    }

    // The value's own bytes, as sent: the body was validated whole, so they need no second check.
    private static void CopyValue(ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, Utf8JsonWriter copy)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        copy.WriteRawValue(json.Span[start..(int)reader.BytesConsumed], skipInputValidation: true);
    }
}
