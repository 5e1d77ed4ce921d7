using System.Buffers;
using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>
/// Open Inference Protocol (KServe V2) inference requests over HTTP: JSON bodies and Triton's binary tensor
/// extension. Input-level "parameters" have no place in <see cref="Tensor"/>, so the reader checks them
/// (binary_data_size drives the binary section) and does not carry them on.
/// </summary>
public static class OipRequestCodec
{
    /// <summary>Parses a request body on the server.</summary>
    /// <param name="body">The HTTP body.</param>
    /// <param name="inferenceHeaderLength">The Inference-Header-Content-Length header, or null when absent.</param>
    /// <param name="modelName">The model named in the URL.</param>
    /// <param name="modelVersion">The version named in the URL, or null.</param>
    /// <exception cref="InferenceException">With <see cref="InferenceErrorKind.InvalidInput"/> for every malformed body.</exception>
    public static InferenceRequest Read(ReadOnlyMemory<byte> body, int? inferenceHeaderLength, string modelName, string? modelVersion)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        var (json, binary) = BinarySection.Split(body, inferenceHeaderLength);
        using var document = WireJson.Parse(json, "inference request", inferenceHeaderLength is not null);
        var root = document.RootElement;
        WireJson.RequireObject(root, "The inference request");

        var id = WireJson.OptionalString(root, "id", "The inference request") ?? string.Empty;
        var parameters = WireParameters.Read(root, "The inference request");
        CheckFlag(parameters, WireParameters.BinaryDataOutput, "The inference request");

        var inputsJson = WireJson.RequiredArray(root, "inputs", "The inference request");
        var inputs = new List<Tensor>(inputsJson.GetArrayLength());
        var inputNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in inputsJson.EnumerateArray())
        {
            inputs.Add(WireTensorReader.Read(entry, "input", inputs.Count, binary, inputNames));
        }

        binary.EnsureConsumed("inference request");
        return new InferenceRequest(id, modelName, modelVersion, inputs, ReadOutputs(root), parameters);
    }

    /// <summary>Encodes a request on the client.</summary>
    /// <param name="request">The request; its model name and version belong in the URL, not the body.</param>
    /// <param name="binaryInputs">Send every input as raw bytes after the JSON header instead of JSON "data".</param>
    /// <param name="binaryOutputs">Ask for every output as raw bytes (request parameter binary_data_output).</param>
    public static EncodedBody Write(InferenceRequest request, bool binaryInputs, bool binaryOutputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = new ArrayBufferWriter<byte>();
        var binaryParts = new List<byte[]>(binaryInputs ? request.Inputs.Count : 0);
        using (var writer = WireJson.CreateWriter(json))
        {
            writer.WriteStartObject();
            if (!string.IsNullOrEmpty(request.Id))
            {
                writer.WriteString("id", request.Id);
            }

            WriteRequestParameters(writer, request.Parameters, binaryOutputs);
            writer.WriteStartArray("inputs");
            foreach (var input in request.Inputs)
            {
                WireTensorWriter.Write(writer, input, binaryInputs);
                if (binaryInputs)
                {
                    binaryParts.Add(input.Data);
                }
            }

            writer.WriteEndArray();
            WriteOutputs(writer, request.Outputs);
            writer.WriteEndObject();
        }

        return BinaryBodyBuilder.Build(json, binaryParts);
    }

    private static List<RequestedOutput>? ReadOutputs(JsonElement root)
    {
        if (WireJson.OptionalArray(root, "outputs", "The inference request") is not { } outputsJson)
        {
            return null;
        }

        var outputs = new List<RequestedOutput>(outputsJson.GetArrayLength());
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in outputsJson.EnumerateArray())
        {
            var where = $"outputs[{outputs.Count}]";
            WireJson.RequireObject(entry, where);
            var name = WireJson.OptionalString(entry, "name", where);
            if (string.IsNullOrEmpty(name))
            {
                throw ProtocolErrors.Invalid($"{where} is missing \"name\" (a non-empty string).");
            }

            if (!names.Add(name))
            {
                throw ProtocolErrors.Invalid($"Requested output '{name}' appears more than once in \"outputs\"; names must be unique.");
            }

            var parameters = WireParameters.Read(entry, $"requested output '{name}'");
            CheckFlag(parameters, WireParameters.BinaryData, $"requested output '{name}'");
            outputs.Add(new RequestedOutput(name, parameters));
        }

        return outputs;
    }

    // The response codec trusts these flags, so a value that is not a boolean is refused here, where it arrives.
    private static void CheckFlag(Dictionary<string, string>? parameters, string name, string owner)
    {
        if (parameters is not null && parameters.TryGetValue(name, out var raw) && WireParameters.ReadFlag(parameters, name) is null)
        {
            throw ProtocolErrors.Invalid($"{owner}: parameters.{name} is {raw}, expected true or false.");
        }
    }

    private static void WriteRequestParameters(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? parameters, bool binaryOutputs)
    {
        if (!binaryOutputs)
        {
            WireParameters.Write(writer, parameters);
            return;
        }

        writer.WriteStartObject("parameters");
        if (parameters is not null)
        {
            WireParameters.WriteEntries(writer, parameters, skip: WireParameters.BinaryDataOutput);
        }

        writer.WriteBoolean(WireParameters.BinaryDataOutput, true);
        writer.WriteEndObject();
    }

    private static void WriteOutputs(Utf8JsonWriter writer, IReadOnlyList<RequestedOutput>? outputs)
    {
        if (outputs is null || outputs.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("outputs");
        foreach (var output in outputs)
        {
            writer.WriteStartObject();
            writer.WriteString("name", output.Name);
            WireParameters.Write(writer, output.Parameters);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
