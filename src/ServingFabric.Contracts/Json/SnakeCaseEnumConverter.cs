using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Json;

/// <summary>
/// An enum as its snake_case name (<c>AbTest</c> ↔ <c>"ab_test"</c>), like every other name of the API, read exactly:
/// System.Text.Json's string enum converter would also take <c>"AbTest"</c>, <c>"ABTEST"</c> or a number, and a strict
/// API answers those with a 400 rather than guessing.
/// </summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class SnakeCaseEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToDictionary(value => value, value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));

    private static readonly Dictionary<string, TEnum> Values = Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Values.TryGetValue(reader.GetString()!, out var value)
            ? value
            : throw new JsonException($"expected one of {string.Join(", ", Values.Keys.Select(name => $"\"{name}\""))}");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Names.TryGetValue(value, out var name) ? name : throw new JsonException($"{typeof(TEnum).Name} {value} has no name in the API"));
    }
}
