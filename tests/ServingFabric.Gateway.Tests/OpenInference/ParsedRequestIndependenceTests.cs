using System.Buffers.Binary;
using System.Text;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>
/// The infer endpoint returns the pooled body to the pool as soon as <see cref="OipRequestCodec.Read"/> returns, so
/// nothing in the parsed request may point into the body: overwriting the body afterwards must change nothing.
/// </summary>
public sealed class ParsedRequestIndependenceTests
{
    [Fact]
    public void Read_JsonBodyOverwrittenAfterParsing_RequestUnchanged()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"id":"req-1","parameters":{"s":"abc","n":5,"o":{"k":[1,2]},"binary_data_output":false},
             "inputs":[{"name":"x","datatype":"FP32","shape":[2],"data":[1.5,-2.25]},
                       {"name":"t","datatype":"BYTES","shape":[1],"data":["héllo"]}],
             "outputs":[{"name":"y","parameters":{"binary_data":true,"top_k":3}}]}
            """);

        var request = OipRequestCodec.Read(body, null, "m", "1");
        Array.Fill(body, (byte)'#');

        AssertSameAsFirstRequest(request);
        Assert.Equal([1.5f, -2.25f], request.Inputs[0].ToArray<float>());
        Assert.Equal(["héllo"], request.Inputs[1].ToStrings());
    }

    [Fact]
    public void Read_BinaryBodyOverwrittenAfterParsing_RequestUnchanged()
    {
        var header = Encoding.UTF8.GetBytes("""
            {"id":"req-1","parameters":{"s":"abc","n":5,"o":{"k":[1,2]},"binary_data_output":false},
             "inputs":[{"name":"x","datatype":"FP32","shape":[2],"parameters":{"binary_data_size":8}},
                       {"name":"t","datatype":"BYTES","shape":[1],"parameters":{"binary_data_size":10}}],
             "outputs":[{"name":"y","parameters":{"binary_data":true,"top_k":3}}]}
            """);
        var body = new byte[header.Length + 8 + 10];
        header.CopyTo(body, 0);
        BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(header.Length), 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(header.Length + 4), -2.25f);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(header.Length + 8), 6);
        Encoding.UTF8.GetBytes("héllo", body.AsSpan(header.Length + 12));

        var request = OipRequestCodec.Read(body, header.Length, "m", "1");
        Array.Fill(body, (byte)0xEE);

        AssertSameAsFirstRequest(request);
        Assert.Equal([1.5f, -2.25f], request.Inputs[0].ToArray<float>());
        Assert.Equal(["héllo"], request.Inputs[1].ToStrings());
    }

    private static void AssertSameAsFirstRequest(InferenceRequest request)
    {
        Assert.Equal("req-1", request.Id);
        Assert.Equal("\"abc\"", request.Parameters!["s"]);
        Assert.Equal("5", request.Parameters["n"]);
        Assert.Equal("{\"k\":[1,2]}", request.Parameters["o"]);
        Assert.Equal("false", request.Parameters["binary_data_output"]);
        Assert.Equal(["x", "t"], request.Inputs.Select(i => i.Name));
        Assert.Equal([2L], request.Inputs[0].Shape);
        var output = Assert.Single(request.Outputs!);
        Assert.Equal("y", output.Name);
        Assert.Equal("true", output.Parameters!["binary_data"]);
        Assert.Equal("3", output.Parameters["top_k"]);
    }
}
