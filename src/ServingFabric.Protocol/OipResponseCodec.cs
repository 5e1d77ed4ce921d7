using System.Buffers;
using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>
/// Open Inference Protocol (KServe V2) inference responses over HTTP, with Triton's binary tensor extension.
/// Output-level parameters other than binary_data_size have no place in <see cref="Tensor"/> and are not carried.
/// </summary>
public static class OipResponseCodec
{
    /// <summary>
    /// Encodes a response on the server. An output goes as raw bytes when its requested output says
    /// <c>binary_data: true</c>, or when the request says <c>binary_data_output: true</c> and the output does not say
    /// <c>binary_data: false</c>. With no binary output the body is plain JSON.
    /// </summary>
    public static EncodedBody Write(InferenceResponse response, InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(request);
        var binaryByDefault = WireParameters.ReadFlag(request.Parameters, WireParameters.BinaryDataOutput) == true;
        using var scratch = WireJsonScratch.Rent();
        var binaryParts = new List<byte[]>();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteString("model_name", response.ModelName);
        writer.WriteString("model_version", response.ModelVersion);
        if (!string.IsNullOrEmpty(response.Id))
        {
            writer.WriteString("id", response.Id);
        }

        WireParameters.Write(writer, response.Parameters);
        writer.WriteStartArray("outputs");
        foreach (var output in response.Outputs)
        {
            var binary = IsBinary(output.Name, request.Outputs, binaryByDefault);
            WireTensorWriter.Write(writer, output, binary);
            if (binary)
            {
                binaryParts.Add(output.Data);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return BinaryBodyBuilder.Build(scratch.Buffer, binaryParts);
    }

    /// <summary>Parses a response body (JSON or binary) on the client.</summary>
    /// <exception cref="InferenceException">With <see cref="InferenceErrorKind.Internal"/> when the body is malformed.</exception>
    public static InferenceResponse Read(ReadOnlyMemory<byte> body, int? inferenceHeaderLength)
    {
        try
        {
            return ReadCore(body, inferenceHeaderLength);
        }
        catch (InferenceException ex) when (ex.Kind == InferenceErrorKind.InvalidInput)
        {
            throw ProtocolErrors.MalformedResponse("inference response", ex);
        }
    }

    private static InferenceResponse ReadCore(ReadOnlyMemory<byte> body, int? inferenceHeaderLength)
    {
        var (json, binary) = BinarySection.Split(body, inferenceHeaderLength);
        WireJson.Check(json.Span, "inference response", inferenceHeaderLength is not null);
        using var document = WireDocument.Read(json, "outputs", "The inference response");
        var root = document.Members;

        var modelName = WireJson.RequiredString(root, "model_name", "The inference response");
        var modelVersion = WireJson.OptionalString(root, "model_version", "The inference response") ?? string.Empty;
        var id = WireJson.OptionalString(root, "id", "The inference response") ?? string.Empty;
        var parameters = WireParameters.Read(root, "The inference response");

        var entries = document.Tensors ?? throw ProtocolErrors.Invalid("The inference response is missing \"outputs\" (a JSON array).");
        var outputs = new List<Tensor>(entries.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            outputs.Add(WireTensorReader.Read(entry, "output", outputs.Count, binary, names).Decode());
        }

        binary.EnsureConsumed("inference response");
        return new InferenceResponse(id, modelName, modelVersion, outputs, parameters);
    }

    private static bool IsBinary(string outputName, IReadOnlyList<RequestedOutput>? requested, bool binaryByDefault)
    {
        if (requested is not null)
        {
            foreach (var output in requested)
            {
                if (output.Name == outputName)
                {
                    return WireParameters.ReadFlag(output.Parameters, WireParameters.BinaryData) ?? binaryByDefault;
                }
            }
        }

        return binaryByDefault;
    }
}
