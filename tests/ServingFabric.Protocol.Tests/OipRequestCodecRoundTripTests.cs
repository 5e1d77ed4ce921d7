using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Tests;

public sealed class OipRequestCodecRoundTripTests
{
    [Theory]
    [MemberData(nameof(SampleTensors.AllDataTypes), MemberType = typeof(SampleTensors))]
    public void WriteThenRead_JsonBody_RoundTripsEveryDatatype(TensorDataType type)
    {
        var input = SampleTensors.For(type, "in");
        var request = new InferenceRequest("r1", "m", null, [input]);

        var body = OipRequestCodec.Write(request, binaryInputs: false, binaryOutputs: false);
        var read = OipRequestCodec.Read(body.Content, body.InferenceHeaderLength, "m", "2");

        Assert.Null(body.InferenceHeaderLength);
        AssertSameTensor(input, Assert.Single(read.Inputs));
        Assert.Equal("r1", read.Id);
        Assert.Equal("2", read.ModelVersion);
    }

    [Theory]
    [MemberData(nameof(SampleTensors.AllDataTypes), MemberType = typeof(SampleTensors))]
    public void WriteThenRead_BinaryBody_RoundTripsEveryDatatype(TensorDataType type)
    {
        var input = SampleTensors.For(type, "in");
        var request = new InferenceRequest("r1", "m", null, [input]);

        var body = OipRequestCodec.Write(request, binaryInputs: true, binaryOutputs: false);
        var read = OipRequestCodec.Read(body.Content, body.InferenceHeaderLength, "m", null);

        Assert.NotNull(body.InferenceHeaderLength);
        Assert.Equal(input.Data, body.Content[body.InferenceHeaderLength.Value..]);
        AssertSameTensor(input, Assert.Single(read.Inputs));
    }

    [Fact]
    public void Write_BinaryInputs_PutsSizeInParametersAndNoData()
    {
        var request = new InferenceRequest(string.Empty, "m", null, [TensorFactory.Create("x", [1], [1.5f])]);

        var body = OipRequestCodec.Write(request, binaryInputs: true, binaryOutputs: false);

        using var header = Wire.Header(body);
        var entry = header.RootElement.GetProperty("inputs")[0];
        Assert.Equal(4, entry.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(entry.TryGetProperty("data", out _));
        Assert.False(header.RootElement.TryGetProperty("id", out _));
        Assert.Equal(new byte[] { 0x00, 0x00, 0xC0, 0x3F }, body.Content[^4..]);
    }

    [Fact]
    public void Read_BinaryMixedWithJsonInputs_TakesBytesInInputOrder()
    {
        const string json = """
            {"id":"mix","inputs":[
              {"name":"a","datatype":"FP32","shape":[1],"parameters":{"binary_data_size":4}},
              {"name":"b","datatype":"INT32","shape":[2],"data":[7,8]},
              {"name":"c","datatype":"BYTES","shape":[1],"parameters":{"binary_data_size":6}},
              {"name":"d","datatype":"UINT8","shape":[2],"parameters":{"binary_data_size":2}}]}
            """;
        var (body, headerLength) = Wire.Binary(json, [0x00, 0x00, 0xC0, 0x3F], [2, 0, 0, 0, 0x68, 0x69], [9, 10]);

        var request = OipRequestCodec.Read(body, headerLength, "m", null);

        Assert.Equal([1.5f], request.Inputs[0].ToArray<float>());
        Assert.Equal([7, 8], request.Inputs[1].ToArray<int>());
        Assert.Equal(["hi"], request.Inputs[2].ToStrings());
        Assert.Equal(new byte[] { 9, 10 }, request.Inputs[3].Data);
    }

    [Fact]
    public void Read_Parameters_KeepsRawJsonText()
    {
        var request = Wire.ReadRequest("""
            {"parameters":{"s":"abc","n":5,"b":true,"o":{"k":[1,2]}},
             "inputs":[{"name":"x","datatype":"INT8","shape":[1],"data":[1]}],
             "outputs":[{"name":"y","parameters":{"binary_data":true,"top_k":3}}]}
            """);

        Assert.Equal("\"abc\"", request.Parameters!["s"]);
        Assert.Equal("5", request.Parameters["n"]);
        Assert.Equal("true", request.Parameters["b"]);
        Assert.Equal("{\"k\":[1,2]}", request.Parameters["o"]);
        var output = Assert.Single(request.Outputs!);
        Assert.Equal("y", output.Name);
        Assert.Equal("true", output.Parameters!["binary_data"]);
        Assert.Equal("3", output.Parameters["top_k"]);
        Assert.Equal(string.Empty, request.Id);
    }

    [Fact]
    public void Read_NoOutputsOrParameters_LeavesThemNull()
    {
        var request = Wire.ReadRequest("""{"inputs":[{"name":"x","datatype":"BOOL","shape":[],"data":[true]}]}""");

        Assert.Null(request.Outputs);
        Assert.Null(request.Parameters);
        Assert.Empty(Assert.Single(request.Inputs).Shape);
    }

    [Fact]
    public void WriteThenRead_OutputsAndBinaryOutputs_CarriesThemThrough()
    {
        var request = new InferenceRequest(
            "id",
            "m",
            null,
            [TensorFactory.Create("x", [], [3L])],
            [new RequestedOutput("y", new Dictionary<string, string> { ["binary_data"] = "false" }), new RequestedOutput("z")],
            new Dictionary<string, string> { ["binary_data_output"] = "false", ["priority"] = "2" });

        var body = OipRequestCodec.Write(request, binaryInputs: false, binaryOutputs: true);
        var read = OipRequestCodec.Read(body.Content, body.InferenceHeaderLength, "m", null);

        Assert.Equal("true", read.Parameters!["binary_data_output"]);
        Assert.Equal("2", read.Parameters["priority"]);
        Assert.Equal(["y", "z"], read.Outputs!.Select(o => o.Name));
        Assert.Equal("false", read.Outputs![0].Parameters!["binary_data"]);
        Assert.Null(read.Outputs[1].Parameters);
    }

    [Fact]
    public void WriteThenRead_ZeroSizeDimension_RoundTripsInJsonAndBinary()
    {
        var input = new Tensor("empty", TensorDataType.Fp32, [0, 3], []);
        var request = new InferenceRequest(string.Empty, "m", null, [input]);

        foreach (var binary in new[] { false, true })
        {
            var body = OipRequestCodec.Write(request, binary, binaryOutputs: false);
            var read = OipRequestCodec.Read(body.Content, body.InferenceHeaderLength, "m", null);
            AssertSameTensor(input, Assert.Single(read.Inputs));
        }
    }

    [Fact]
    public void Write_ParameterWithMalformedRawJson_ThrowsArgumentNamingIt()
    {
        var request = new InferenceRequest(string.Empty, "m", null, [], Parameters: new Dictionary<string, string> { ["p"] = "{oops" });

        var ex = Assert.Throws<ArgumentException>(() => OipRequestCodec.Write(request, binaryInputs: false, binaryOutputs: false));

        Assert.Contains("Parameter 'p'", ex.Message, StringComparison.Ordinal);
    }

    internal static void AssertSameTensor(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.DataType, actual.DataType);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Data, actual.Data);
    }
}
