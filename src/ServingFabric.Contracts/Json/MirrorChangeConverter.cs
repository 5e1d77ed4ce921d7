using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ServingFabric.Contracts.Traffic;

namespace ServingFabric.Contracts.Json;

/// <summary>
/// <see cref="MirrorChange"/> as JSON null (stop) or the <see cref="TrafficWeight"/> object. It handles null itself,
/// because a plain nullable property could not tell "mirror": null (stop) from a body without "mirror" (keep).
/// </summary>
public sealed class MirrorChangeConverter : JsonConverter<MirrorChange>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override MirrorChange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null
            ? MirrorChange.Stop
            : new MirrorChange(JsonSerializer.Deserialize(ref reader, WeightInfo(options)));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, MirrorChange value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value?.To is not { } to)
        {
            writer.WriteNullValue();
            return;
        }

        JsonSerializer.Serialize(writer, to, WeightInfo(options));
    }

    private static JsonTypeInfo<TrafficWeight> WeightInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<TrafficWeight>)options.GetTypeInfo(typeof(TrafficWeight));
}
