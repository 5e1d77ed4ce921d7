using Google.Protobuf;
using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Grpc;

/// <summary>
/// The KServe V2 gRPC inference messages to and from <see cref="InferenceRequest"/> and <see cref="InferenceResponse"/>,
/// with the checks and bounds of the HTTP codec (<see cref="OipRequestCodec"/>): ids, names and parameters bounded,
/// every tensor's size checked against its shape and datatype before any value is copied.
/// </summary>
public static class GrpcInferCodec
{
    private const string RequestOwner = "The inference request";

    /// <summary>Parses a request on the server.</summary>
    /// <param name="message">The request as received.</param>
    /// <param name="reserveTensorBytes">
    /// Called once, after every tensor is checked and before any is copied, with the bytes the tensors will take; it
    /// may throw to refuse the request.
    /// </param>
    /// <exception cref="InferenceException">With <see cref="InferenceErrorKind.InvalidInput"/> for every malformed request.</exception>
    public static InferenceRequest ReadRequest(ModelInferRequest message, Action<long>? reserveTensorBytes)
    {
        ArgumentNullException.ThrowIfNull(message);
        WireLimits.CheckId(message.Id, RequestOwner);
        var parameters = GrpcParameters.Read(message.Parameters, RequestOwner);
        var pending = GrpcTensorReader.Check(
            [.. message.Inputs.Select(i => (i.Name, i.Datatype, i.Shape, i.Contents))], message.RawInputContents, "input", "raw_input_contents", RequestOwner);
        foreach (var input in message.Inputs)
        {
            // Input parameters (such as binary_data_size) describe the HTTP body; here they are only bounded.
            GrpcParameters.Read(input.Parameters, $"input '{WireLimits.Shorten(input.Name)}'");
        }

        var outputs = ReadOutputs(message);
        reserveTensorBytes?.Invoke(pending.Sum(p => p.DecodedBytes));
        var inputs = pending.ConvertAll(p => p.Decode());
        var version = string.IsNullOrEmpty(message.ModelVersion) ? null : message.ModelVersion;
        return new InferenceRequest(message.Id, message.ModelName, version, inputs, outputs, parameters);
    }

    /// <summary>
    /// Encodes a response on the server: as raw_output_contents when <paramref name="raw"/> (the caller sent raw inputs,
    /// as Triton's clients do) or when an output has no typed field (FP16, BF16), else as typed contents.
    /// </summary>
    public static ModelInferResponse WriteResponse(InferenceResponse response, bool raw)
    {
        ArgumentNullException.ThrowIfNull(response);
        raw |= response.Outputs.Any(o => GrpcTensorContents.FieldOf(o.DataType) is null);
        var message = new ModelInferResponse { ModelName = response.ModelName, ModelVersion = response.ModelVersion, Id = response.Id };
        GrpcParameters.Write(message.Parameters, response.Parameters);
        foreach (var output in response.Outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.DataType.ToWireName() };
            tensor.Shape.Add(output.Shape);
            tensor.Contents = ContentsOf(output, raw ? message.RawOutputContents : null);
            message.Outputs.Add(tensor);
        }

        return message;
    }

    /// <summary>
    /// Encodes a request on the client: inputs as raw_input_contents when <paramref name="raw"/> or when an input has
    /// no typed field (FP16, BF16), else as typed contents.
    /// </summary>
    public static ModelInferRequest WriteRequest(InferenceRequest request, bool raw)
    {
        ArgumentNullException.ThrowIfNull(request);
        raw |= request.Inputs.Any(i => GrpcTensorContents.FieldOf(i.DataType) is null);
        var message = new ModelInferRequest { ModelName = request.ModelName, ModelVersion = request.ModelVersion ?? string.Empty, Id = request.Id };
        GrpcParameters.Write(message.Parameters, request.Parameters);
        foreach (var input in request.Inputs)
        {
            if (input.DataType == TensorDataType.Bytes)
            {
                BytesElements.EnsureWellFormed(input.Data, input.ElementCount, input.Name);
            }

            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = input.Name, Datatype = input.DataType.ToWireName() };
            tensor.Shape.Add(input.Shape);
            tensor.Contents = ContentsOf(input, raw ? message.RawInputContents : null);
            message.Inputs.Add(tensor);
        }

        foreach (var output in request.Outputs ?? [])
        {
            var requested = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = output.Name };
            GrpcParameters.Write(requested.Parameters, output.Parameters);
            message.Outputs.Add(requested);
        }

        return message;
    }

    /// <summary>Parses a response on the client.</summary>
    /// <exception cref="InferenceException">With <see cref="InferenceErrorKind.Internal"/> when the response is malformed.</exception>
    public static InferenceResponse ReadResponse(ModelInferResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var pending = GrpcTensorReader.Check(
                [.. message.Outputs.Select(o => (o.Name, o.Datatype, o.Shape, o.Contents))], message.RawOutputContents, "output", "raw_output_contents", "The inference response");
            var parameters = GrpcParameters.Read(message.Parameters, "The inference response");
            return new InferenceResponse(message.Id, message.ModelName, message.ModelVersion, pending.ConvertAll(p => p.Decode()), parameters);
        }
        catch (InferenceException ex)
        {
            throw ProtocolErrors.MalformedResponse("inference response", ex);
        }
    }

    /// <summary>The tensor's typed contents, or null after adding its bytes to <paramref name="rawContents"/> when given.</summary>
    private static InferTensorContents? ContentsOf(Tensor tensor, Google.Protobuf.Collections.RepeatedField<ByteString>? rawContents)
    {
        if (rawContents is null)
        {
            return GrpcTensorContents.Write(tensor);
        }

        // Tensors are immutable once made: the message may share the array instead of copying it.
        rawContents.Add(UnsafeByteOperations.UnsafeWrap(tensor.Data));
        return null;
    }

    private static List<RequestedOutput>? ReadOutputs(ModelInferRequest message)
    {
        if (message.Outputs.Count == 0)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var outputs = new List<RequestedOutput>(message.Outputs.Count);
        for (var i = 0; i < message.Outputs.Count; i++)
        {
            var output = message.Outputs[i];
            if (string.IsNullOrEmpty(output.Name))
            {
                throw ProtocolErrors.Invalid($"outputs[{i}] has no name; name each requested output as the model's metadata does.");
            }

            WireLimits.CheckName(output.Name, $"outputs[{i}]");
            if (!names.Add(output.Name))
            {
                throw ProtocolErrors.Invalid($"output '{WireLimits.Shorten(output.Name)}' is requested more than once; request each output once.");
            }

            outputs.Add(new RequestedOutput(output.Name, GrpcParameters.Read(output.Parameters, $"output '{WireLimits.Shorten(output.Name)}'")));
        }

        return outputs;
    }
}
