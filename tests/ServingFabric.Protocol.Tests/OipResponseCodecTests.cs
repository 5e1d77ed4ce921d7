using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Tests;

public sealed class OipResponseCodecTests
{
    private static readonly Tensor Scores = TensorFactory.Create("scores", [2], [1.5f, -2f]);
    private static readonly Tensor Labels = TensorFactory.Create("labels", [1], new[] { "cat" });

    private static readonly InferenceResponse Response = new("req-1", "resnet", "3", [Scores, Labels]);

    [Fact]
    public void Write_NoBinaryRequested_GivesPlainJson()
    {
        var body = OipResponseCodec.Write(Response, Request());

        Assert.Null(body.InferenceHeaderLength);
        using var json = JsonDocument.Parse(body.Content);
        Assert.Equal("resnet", json.RootElement.GetProperty("model_name").GetString());
        Assert.Equal("3", json.RootElement.GetProperty("model_version").GetString());
        Assert.Equal("req-1", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("[1.5,-2]", json.RootElement.GetProperty("outputs")[0].GetProperty("data").GetRawText());
        Assert.Equal("[\"cat\"]", json.RootElement.GetProperty("outputs")[1].GetProperty("data").GetRawText());
    }

    [Fact]
    public void Write_RequestLevelBinaryOutput_WritesEveryOutputBinaryInOrder()
    {
        var body = OipResponseCodec.Write(Response, Request(binaryDataOutput: true));

        Assert.NotNull(body.InferenceHeaderLength);
        using var header = Wire.Header(body);
        var outputs = header.RootElement.GetProperty("outputs");
        Assert.Equal(8, outputs[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(7, outputs[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(outputs[0].TryGetProperty("data", out _));
        Assert.Equal(
            new byte[] { 0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0, 3, 0, 0, 0, (byte)'c', (byte)'a', (byte)'t' },
            body.Content[body.InferenceHeaderLength.Value..]);
    }

    [Fact]
    public void Write_PerOutputFalseOverridesRequestLevel_KeepsThatOutputJson()
    {
        var request = Request(binaryDataOutput: true, new RequestedOutput("labels", Flag("binary_data", false)), new RequestedOutput("scores"));

        var body = OipResponseCodec.Write(Response, request);

        using var header = Wire.Header(body);
        var outputs = header.RootElement.GetProperty("outputs");
        Assert.True(outputs[0].TryGetProperty("parameters", out _));
        Assert.Equal("[\"cat\"]", outputs[1].GetProperty("data").GetRawText());
        Assert.Equal(8, body.Content.Length - body.InferenceHeaderLength!.Value);
    }

    [Fact]
    public void Write_PerOutputTrueWithoutRequestLevel_MakesOnlyThatOutputBinary()
    {
        var request = Request(binaryDataOutput: null, new RequestedOutput("labels", Flag("binary_data", true)));

        var body = OipResponseCodec.Write(Response, request);

        using var header = Wire.Header(body);
        var outputs = header.RootElement.GetProperty("outputs");
        Assert.Equal("[1.5,-2]", outputs[0].GetProperty("data").GetRawText());
        Assert.Equal(7, outputs[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(7, body.Content.Length - body.InferenceHeaderLength!.Value);
    }

    [Fact]
    public void Write_RequestLevelFalse_GivesPlainJson()
    {
        var body = OipResponseCodec.Write(Response, Request(binaryDataOutput: false));

        Assert.Null(body.InferenceHeaderLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    public void WriteThenRead_Response_RoundTrips(bool? binary)
    {
        var response = Response with { Parameters = new Dictionary<string, string> { ["sequence_end"] = "true" } };

        var body = OipResponseCodec.Write(response, Request(binary));
        var read = OipResponseCodec.Read(body.Content, body.InferenceHeaderLength);

        Assert.Equal("req-1", read.Id);
        Assert.Equal("resnet", read.ModelName);
        Assert.Equal("3", read.ModelVersion);
        Assert.Equal("true", read.Parameters!["sequence_end"]);
        Assert.Equal(2, read.Outputs.Count);
        OipRequestCodecRoundTripTests.AssertSameTensor(Scores, read.Outputs[0]);
        OipRequestCodecRoundTripTests.AssertSameTensor(Labels, read.Outputs[1]);
    }

    [Theory]
    [MemberData(nameof(SampleTensors.AllDataTypes), MemberType = typeof(SampleTensors))]
    public void WriteThenRead_BinaryOutput_RoundTripsEveryDatatype(TensorDataType type)
    {
        var output = SampleTensors.For(type, "out");
        var response = new InferenceResponse(string.Empty, "m", "1", [output]);

        var body = OipResponseCodec.Write(response, Request(binaryDataOutput: true));
        var read = OipResponseCodec.Read(body.Content, body.InferenceHeaderLength);

        OipRequestCodecRoundTripTests.AssertSameTensor(output, Assert.Single(read.Outputs));
        Assert.Equal(string.Empty, read.Id);
    }

    [Fact]
    public void Read_MalformedResponse_ThrowsInternalNamingTheOutput()
    {
        var body = Wire.Utf8("""{"model_name":"m","outputs":[{"name":"y","datatype":"INT8","shape":[1],"data":[999]}]}""");

        var ex = Assert.Throws<InferenceException>(() => OipResponseCodec.Read(body, null));

        Assert.Equal(InferenceErrorKind.Internal, ex.Kind);
        Assert.Contains("The server's inference response is malformed: output 'y' (INT8)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingModelName_ThrowsInternal()
    {
        var ex = Assert.Throws<InferenceException>(() => OipResponseCodec.Read(Wire.Utf8("""{"outputs":[]}"""), null));

        Assert.Equal(InferenceErrorKind.Internal, ex.Kind);
        Assert.Contains("\"model_name\"", ex.Message, StringComparison.Ordinal);
    }

    private static InferenceRequest Request(bool? binaryDataOutput = null, params RequestedOutput[] outputs) =>
        new(
            "req-1",
            "resnet",
            null,
            [],
            outputs.Length == 0 ? null : outputs,
            binaryDataOutput is { } flag ? Flag("binary_data_output", flag) : null);

    private static Dictionary<string, string> Flag(string name, bool value) => new() { [name] = value ? "true" : "false" };
}
