using Google.Protobuf;
using ServingFabric.Inference;
using ServingFabric.Protocol.Grpc;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Tests.Grpc;

/// <summary>The gRPC messages to and from the fabric's requests and responses: every datatype both ways, every malformed message refused.</summary>
public sealed class GrpcInferCodecTests
{
    [Theory]
    [MemberData(nameof(SampleTensors.AllDataTypes), MemberType = typeof(SampleTensors))]
    public void WriteRequestThenReadRequest_EveryDatatypeRawOrTyped_KeepsTheBytes(TensorDataType type)
    {
        foreach (var raw in new[] { true, false })
        {
            var tensor = SampleTensors.For(type);
            var request = new InferenceRequest("r-1", "m", "2", [tensor], [new RequestedOutput("o", new Dictionary<string, string> { ["binary_data"] = "true" })],
                new Dictionary<string, string> { ["n"] = "7", ["s"] = "\"text\"", ["b"] = "false", ["d"] = "0.25" });

            var message = GrpcInferCodec.WriteRequest(request, raw);
            var read = GrpcInferCodec.ReadRequest(ModelInferRequest.Parser.ParseFrom(message.ToByteArray()), reserveTensorBytes: null);

            var input = Assert.Single(read.Inputs);
            Assert.Equal((tensor.Name, tensor.DataType), (input.Name, input.DataType));
            Assert.Equal(tensor.Shape, input.Shape);
            Assert.Equal(tensor.Data, input.Data);
            Assert.Equal(("r-1", "m", "2"), (read.Id, read.ModelName, read.ModelVersion));
            Assert.Equal(request.Parameters, read.Parameters);
            Assert.Equal("true", Assert.Single(read.Outputs!).Parameters!["binary_data"]);
            // FP16 and BF16 have no typed field: they go raw whatever was asked.
            Assert.Equal(raw || type is TensorDataType.Fp16 or TensorDataType.Bf16, message.RawInputContents.Count == 1);
        }
    }

    [Theory]
    [MemberData(nameof(SampleTensors.AllDataTypes), MemberType = typeof(SampleTensors))]
    public void WriteResponseThenReadResponse_EveryDatatypeRawOrTyped_KeepsTheBytes(TensorDataType type)
    {
        foreach (var raw in new[] { true, false })
        {
            var tensor = SampleTensors.For(type, "out");
            var response = new InferenceResponse("r-2", "m", "1", [tensor]);

            var message = GrpcInferCodec.WriteResponse(response, raw);
            var read = GrpcInferCodec.ReadResponse(ModelInferResponse.Parser.ParseFrom(message.ToByteArray()));

            var output = Assert.Single(read.Outputs);
            Assert.Equal(tensor.Data, output.Data);
            Assert.Equal(tensor.Shape, output.Shape);
            Assert.Equal(("r-2", "m", "1"), (read.Id, read.ModelName, read.ModelVersion));
        }
    }

    [Fact]
    public void ReadRequest_TypedContents_ReservesExactBytesBeforeDecoding()
    {
        var message = Request("FP64", [2, 3]);
        message.Inputs[0].Contents = new InferTensorContents();
        message.Inputs[0].Contents.Fp64Contents.Add([1, 2, 3, 4, 5, 6]);
        long reserved = -1;

        GrpcInferCodec.ReadRequest(message, bytes => reserved = bytes);

        Assert.Equal(48, reserved);
    }

    [Fact]
    public void ReadRequest_ReservationRefused_DecodesNothing()
    {
        var message = Request("FP32", [1, 2]);
        message.RawInputContents.Add(ByteString.CopyFrom(new byte[8]));

        var error = Assert.Throws<InferenceException>(() => GrpcInferCodec.ReadRequest(message,
            _ => throw new InferenceException(InferenceErrorKind.Unavailable, "no room")));

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
    }

    public static TheoryData<string, Action<ModelInferRequest>, string> Malformed => new()
    {
        { "raw length", m => m.RawInputContents.Add(ByteString.CopyFrom(new byte[7])), "raw_input_contents[0] length is 7 but shape [1,2] of FP32 needs 8 bytes" },
        { "raw count", m => m.RawInputContents.Add([ByteString.CopyFrom(new byte[8]), ByteString.CopyFrom(new byte[8])]), "has 2 raw_input_contents entries for 1 inputs" },
        { "both", m => { m.RawInputContents.Add(ByteString.CopyFrom(new byte[8])); m.Inputs[0].Contents = Fp32(1, 2); }, "has contents and raw_input_contents[0]" },
        { "none", _ => { }, "has no contents; put its 2 values in contents.fp32_contents" },
        { "wrong field", m => m.Inputs[0].Contents = new InferTensorContents { IntContents = { 1, 2 } }, "contents.int_contents is set; put its 2 values in contents.fp32_contents" },
        { "count", m => m.Inputs[0].Contents = Fp32(1, 2, 3), "contents.fp32_contents has 3 values but its shape needs 2" },
        { "datatype", m => { m.Inputs[0].Datatype = "FLOAT"; m.Inputs[0].Contents = Fp32(1, 2); }, "has datatype \"FLOAT\"; expected one of BOOL" },
        { "negative dimension", m => { m.Inputs[0].Shape[0] = -1; m.Inputs[0].Contents = Fp32(1, 2); }, "has a negative dimension" },
        { "huge shape", m => { m.Inputs[0].Shape.Add(long.MaxValue); m.RawInputContents.Add(ByteString.Empty); }, "holds more elements than a tensor can" },
        { "no name", m => { m.Inputs[0].Name = ""; m.Inputs[0].Contents = Fp32(1, 2); }, "inputs[0] has no name" },
        { "duplicate", m => { m.Inputs[0].Contents = Fp32(1, 2); m.Inputs.Add(m.Inputs[0].Clone()); }, "appears more than once in inputs" },
        { "long id", m => { m.Id = new string('x', 300); m.Inputs[0].Contents = Fp32(1, 2); }, "\"id\" is 300 bytes; the limit is 256" },
        { "empty parameter", m => { m.Parameters["p"] = new InferParameter(); m.Inputs[0].Contents = Fp32(1, 2); }, "has no value; set one of bool_param" },
        { "NaN parameter", m => { m.Parameters["p"] = new InferParameter { DoubleParam = double.NaN }; m.Inputs[0].Contents = Fp32(1, 2); }, "a double_param must be a finite number" },
        { "output twice", m => { m.Inputs[0].Contents = Fp32(1, 2); m.Outputs.Add([new() { Name = "o" }, new() { Name = "o" }]); }, "output 'o' is requested more than once" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void ReadRequest_Malformed_InvalidInputNamingTheField(string what, Action<ModelInferRequest> mutate, string expected)
    {
        var message = Request("FP32", [1, 2]);
        mutate(message);

        var error = Assert.Throws<InferenceException>(() => GrpcInferCodec.ReadRequest(message, null));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Theory]
    [InlineData("INT8", 128, "outside the INT8 range -128..127")]
    [InlineData("INT16", -40000, "outside the INT16 range -32768..32767")]
    [InlineData("UINT8", 256, "outside the UINT8 range 0..255")]
    [InlineData("UINT16", 70000, "outside the UINT16 range 0..65535")]
    public void ReadRequest_IntegerOutOfTheDatatypesRange_InvalidInput(string datatype, long value, string expected)
    {
        var message = Request(datatype, [1]);
        message.Inputs[0].Contents = datatype.StartsWith('U') ? new InferTensorContents { UintContents = { (uint)value } } : new InferTensorContents { IntContents = { (int)value } };

        var error = Assert.Throws<InferenceException>(() => GrpcInferCodec.ReadRequest(message, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0 }, "fewer than 4 bytes are left for its length prefix")]
    [InlineData(new byte[] { 9, 0, 0, 0, 1 }, "declares 9 bytes but only 1 are left")]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "it holds 1 elements but the shape needs 2")]
    public void ReadRequest_BytesRawNotLengthPrefixed_InvalidInput(byte[] raw, string expected)
    {
        var message = Request("BYTES", [2]);
        message.RawInputContents.Add(ByteString.CopyFrom(raw));

        var error = Assert.Throws<InferenceException>(() => GrpcInferCodec.ReadRequest(message, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadResponse_RawLengthWrong_InternalMalformedResponse()
    {
        var message = new ModelInferResponse { ModelName = "m", ModelVersion = "1" };
        message.Outputs.Add(new ModelInferResponse.Types.InferOutputTensor { Name = "o", Datatype = "INT64", Shape = { 2 } });
        message.RawOutputContents.Add(ByteString.CopyFrom(new byte[15]));

        var error = Assert.Throws<InferenceException>(() => GrpcInferCodec.ReadResponse(message));

        Assert.Equal(InferenceErrorKind.Internal, error.Kind);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    private static ModelInferRequest Request(string datatype, long[] shape)
    {
        var message = new ModelInferRequest { ModelName = "m" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = datatype };
        input.Shape.Add(shape);
        message.Inputs.Add(input);
        return message;
    }

    private static InferTensorContents Fp32(params float[] values) => new() { Fp32Contents = { values } };
}
