using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Json;

/// <summary>
/// Every number of the API is finite. System.Text.Json reads <c>1e400</c> as infinity; this refuses it, so a value that
/// overflows is a 400 naming its field, like any other wrong value, instead of an infinite percentage or reward.
/// Written exactly as the built-in converter writes it.
/// </summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new JsonException("expected a finite number");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
