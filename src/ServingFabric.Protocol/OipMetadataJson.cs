using System.Buffers;
using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>Open Inference Protocol model and server metadata bodies, spec fields only.</summary>
public static class OipMetadataJson
{
    /// <summary>Writes <c>{"name","versions","platform","inputs","outputs"}</c>; -1 marks a variable dimension.</summary>
    public static byte[] WriteModelMetadata(ModelMetadata metadata, IReadOnlyList<string> versions)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(versions);
        return WriteObject(writer =>
        {
            writer.WriteString("name", metadata.Name);
            WriteStrings(writer, "versions", versions);
            writer.WriteString("platform", metadata.Platform);
            WriteTensors(writer, "inputs", metadata.Inputs);
            WriteTensors(writer, "outputs", metadata.Outputs);
        });
    }

    /// <summary>
    /// Parses model metadata on the client. <see cref="ModelMetadata.Version"/> is the first listed version (or empty),
    /// and <see cref="ModelMetadata.MaxBatchSize"/> is 0 because the protocol does not carry it.
    /// </summary>
    /// <exception cref="InferenceException">With <see cref="InferenceErrorKind.Internal"/> when the body is malformed.</exception>
    public static ModelMetadata ReadModelMetadata(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = WireJson.Parse(body.ToArray(), "model metadata", hasHeaderLength: true);
            var root = document.RootElement;
            WireJson.RequireObject(root, "The model metadata");
            var name = WireJson.RequiredString(root, "name", "The model metadata");
            var version = string.Empty;
            if (WireJson.OptionalArray(root, "versions", "The model metadata") is { } versions && versions.GetArrayLength() > 0)
            {
                version = versions[0].ValueKind == JsonValueKind.String
                    ? versions[0].GetString()!
                    : throw ProtocolErrors.Invalid($"The model metadata: versions[0] is {WireJson.Describe(versions[0])}, expected a string.");
            }

            var platform = WireJson.OptionalString(root, "platform", "The model metadata") ?? string.Empty;
            return new ModelMetadata(name, version, platform, ReadTensors(root, "inputs"), ReadTensors(root, "outputs"), 0);
        }
        catch (InferenceException ex) when (ex.Kind == InferenceErrorKind.InvalidInput)
        {
            throw ProtocolErrors.MalformedResponse("model metadata", ex);
        }
    }

    /// <summary>Writes <c>{"name","version","extensions"}</c>.</summary>
    /// <summary>KServe V2's ready-model response: <c>{"name": "...", "ready": true}</c>.</summary>
    public static byte[] WriteModelReady(string name, bool ready)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WriteObject(writer =>
        {
            writer.WriteString("name", name);
            writer.WriteBoolean("ready", ready);
        });
    }

    public static byte[] WriteServerMetadata(string name, string version, IReadOnlyList<string> extensions)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(extensions);
        return WriteObject(writer =>
        {
            writer.WriteString("name", name);
            writer.WriteString("version", version);
            WriteStrings(writer, "extensions", extensions);
        });
    }

    private static byte[] WriteObject(Action<Utf8JsonWriter> writeProperties)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = WireJson.CreateWriter(json))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return json.WrittenSpan.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string property, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(property);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteTensors(Utf8JsonWriter writer, string property, IReadOnlyList<TensorMetadata> tensors)
    {
        writer.WriteStartArray(property);
        foreach (var tensor in tensors)
        {
            writer.WriteStartObject();
            writer.WriteString("name", tensor.Name);
            writer.WriteString("datatype", tensor.DataType.ToWireName());
            writer.WriteStartArray("shape");
            foreach (var dim in tensor.Shape)
            {
                writer.WriteNumberValue(dim);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static List<TensorMetadata> ReadTensors(JsonElement root, string property)
    {
        var result = new List<TensorMetadata>();
        if (WireJson.OptionalArray(root, property, "The model metadata") is not { } tensors)
        {
            return result;
        }

        foreach (var entry in tensors.EnumerateArray())
        {
            var where = $"{property}[{result.Count}]";
            WireJson.RequireObject(entry, where);
            var name = WireJson.RequiredString(entry, "name", where);
            var wireName = WireJson.RequiredString(entry, "datatype", where);
            if (!TensorDataTypes.TryParse(wireName, out var dataType))
            {
                throw ProtocolErrors.Invalid(
                    $"{where} has datatype \"{wireName}\"; expected one of {string.Join(", ", TensorDataTypes.AllWireNames)}.");
            }

            result.Add(new TensorMetadata(name, dataType.Value, WireShape.Read(entry, where, minimumDimension: -1)));
        }

        return result;
    }
}
