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
    public static InferenceRequest Read(ReadOnlyMemory<byte> body, int? inferenceHeaderLength, string modelName, string? modelVersion) =>
        Read(body, inferenceHeaderLength, modelName, modelVersion, reserveTensorBytes: null);

    /// <summary>Parses a request body on the server, accounting for the tensors' memory before allocating it.</summary>
    /// <param name="body">The HTTP body.</param>
    /// <param name="inferenceHeaderLength">The Inference-Header-Content-Length header, or null when absent.</param>
    /// <param name="modelName">The model named in the URL.</param>
    /// <param name="modelVersion">The version named in the URL, or null.</param>
    /// <param name="reserveTensorBytes">
    /// Called once, after every tensor's datatype, shape and value size are checked and before any tensor is
    /// allocated, with the most bytes the tensors will take; it may throw to refuse the request.
    /// </param>
    /// <exception cref="InferenceException">With <see cref="InferenceErrorKind.InvalidInput"/> for every malformed body.</exception>
    public static InferenceRequest Read(ReadOnlyMemory<byte> body, int? inferenceHeaderLength, string modelName, string? modelVersion, Action<long>? reserveTensorBytes)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        const string Owner = "The inference request";
        var (json, binary) = BinarySection.Split(body, inferenceHeaderLength);
        WireJson.Check(json.Span, "inference request", inferenceHeaderLength is not null);
        using var document = WireDocument.Read(json, "inputs", Owner);
        var root = document.Members;

        var id = WireJson.OptionalString(root, "id", Owner) ?? string.Empty;
        WireLimits.CheckId(id, Owner);
        var parameters = WireParameters.Read(root, Owner);
        CheckFlag(parameters, WireParameters.BinaryDataOutput, Owner);

        var entries = document.Tensors ?? throw ProtocolErrors.Invalid($"{Owner} is missing \"inputs\" (a JSON array).");
        var pending = new List<WirePendingTensor>(entries.Count);
        var inputNames = new HashSet<string>(StringComparer.Ordinal);
        long tensorBytes = 0;
        foreach (var entry in entries)
        {
            var tensor = WireTensorReader.Read(entry, "input", pending.Count, binary, inputNames);
            tensorBytes += tensor.DecodedBytes;
            pending.Add(tensor);
        }

        binary.EnsureConsumed("inference request");
        var outputs = ReadOutputs(root);
        reserveTensorBytes?.Invoke(tensorBytes);
        var inputs = new List<Tensor>(pending.Count);
        foreach (var tensor in pending)
        {
            inputs.Add(tensor.Decode());
        }

        return new InferenceRequest(id, modelName, modelVersion, inputs, outputs, parameters);
    }

    /// <summary>Encodes a request on the client.</summary>
    /// <param name="request">The request; its model name and version belong in the URL, not the body.</param>
    /// <param name="binaryInputs">Send every input as raw bytes after the JSON header instead of JSON "data".</param>
    /// <param name="binaryOutputs">Ask for every output as raw bytes (request parameter binary_data_output).</param>
    public static EncodedBody Write(InferenceRequest request, bool binaryInputs, bool binaryOutputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scratch = WireJsonScratch.Rent();
        var binaryParts = new List<byte[]>(binaryInputs ? request.Inputs.Count : 0);
        var writer = scratch.Writer;
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
        writer.Flush();
        return BinaryBodyBuilder.Build(scratch.Buffer, binaryParts);
    }

    private static List<RequestedOutput>? ReadOutputs(WireFields root)
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

            WireLimits.CheckName(name, where);

            if (!names.Add(name))
            {
                throw ProtocolErrors.Invalid($"Requested output '{WireLimits.Shorten(name)}' appears more than once in \"outputs\"; names must be unique.");
            }

            var owner = $"requested output '{WireLimits.Shorten(name)}'";
            var parameters = WireParameters.Read(entry, owner);
            CheckFlag(parameters, WireParameters.BinaryData, owner);
            outputs.Add(new RequestedOutput(name, parameters));
        }

        return outputs;
    }

    // The response codec trusts these flags, so a value that is not a boolean is refused here, where it arrives.
    private static void CheckFlag(Dictionary<string, string>? parameters, string name, string owner)
    {
        if (parameters is not null && parameters.TryGetValue(name, out var raw) && WireParameters.ReadFlag(parameters, name) is null)
        {
            throw ProtocolErrors.Invalid($"{owner}: parameters.{name} is {WireLimits.Shorten(raw)}, expected true or false.");
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
