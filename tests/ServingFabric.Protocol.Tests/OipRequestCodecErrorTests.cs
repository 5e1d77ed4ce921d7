using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Protocol.Tests;

public sealed class OipRequestCodecErrorTests
{
    [Theory]
    [InlineData("""{"inputs":[{"datatype":"FP32","shape":[1],"data":[1]}]}""", "inputs[0] is missing \"name\"")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","data":[1]}]}""", "input 'x' is missing \"shape\"")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"data":[1]}]}""", "input 'x' is missing \"datatype\"; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, BF16, FP32, FP64, BYTES")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP8","shape":[1],"data":[1]}]}""", "input 'x' has datatype \"FP8\"; expected one of BOOL,")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"fp32","shape":[1],"data":[1]}]}""", "input 'x' has datatype \"fp32\"")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3]}]}""", "input 'x': \"data\" has 3 elements but shape [2,2] needs 4")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[[1,2],[3]]}]}""", "input 'x': nested \"data\"[1] has 1 elements but dimension 1 of shape [2,2] is 2")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[2],"data":[1,"a"]}]}""", "input 'x' (FP32): element 1 of \"data\" is the string \"a\", expected a number")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"BOOL","shape":[1],"data":[1]}]}""", "input 'x' (BOOL): element 0 of \"data\" is the number 1, expected true or false")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"BYTES","shape":[1],"data":[5]}]}""", "input 'x' (BYTES): element 0 of \"data\" is the number 5, expected a string")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"INT32","shape":[1],"data":[true]}]}""", "input 'x' (INT32): element 0 of \"data\" is the boolean true, expected an integer")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"UINT8","shape":[1],"data":[256]}]}""", "input 'x' (UINT8): element 0 of \"data\" is 256, expected an integer in [0, 255]")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"INT8","shape":[2],"data":[0,-129]}]}""", "input 'x' (INT8): element 1 of \"data\" is -129, expected an integer in [-128, 127]")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"UINT64","shape":[1],"data":[-1]}]}""", "input 'x' (UINT64): element 0 of \"data\" is -1, expected an integer in [0, 18446744073709551615]")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"INT64","shape":[1],"data":[9223372036854775808]}]}""", "input 'x' (INT64): element 0 of \"data\" is 9223372036854775808")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"INT32","shape":[1],"data":[1.5]}]}""", "input 'x' (INT32): element 0 of \"data\" is 1.5, expected an integer")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1e39]}]}""", "input 'x' (FP32): element 0 of \"data\" is 1e39, which is outside the FP32 range")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP16","shape":[1],"data":[70000]}]}""", "input 'x' (FP16): element 0 of \"data\" is 70000, which is outside the FP16 range")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"BF16","shape":[1],"data":[3.4e38]}]}""", "input 'x' (BF16): element 0 of \"data\" is 3.4e38, which is outside the BF16 range")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":["inf"]}]}""", "input 'x' (FP32): element 0 of \"data\" is the string \"inf\", expected a number (or \"NaN\"")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[2,-1],"data":[]}]}""", "input 'x': shape[1] is the number -1, expected a non-negative integer")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1.5],"data":[1]}]}""", "input 'x': shape[0] is the number 1.5")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[4294967296,4294967296],"data":[]}]}""", "input 'x': shape [4294967296,4294967296] holds more elements than a tensor can")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1]},{"name":"x","datatype":"FP32","shape":[1],"data":[1]}]}""", "input 'x' appears more than once in \"inputs\"")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1]}]}""", "input 'x' has neither \"data\" nor parameters.binary_data_size")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":1}]}""", "input 'x': \"data\" must be a JSON array, not the number 1")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1],"parameters":[]}]}""", "input 'x': \"parameters\" must be a JSON object")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"parameters":{"binary_data_size":-4}}]}""", "input 'x': parameters.binary_data_size is the number -4, expected a non-negative integer")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"parameters":{"binary_data_size":4}}]}""", "input 'x': parameters.binary_data_size is 4 but only 0 bytes of binary data remain")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1],"parameters":{"binary_data_size":0}}]}""", "input 'x' has both \"data\" and parameters.binary_data_size")]
    [InlineData("""{"inputs":{"name":"x"}}""", "The inference request: \"inputs\" must be a JSON array")]
    [InlineData("""{"id":"a"}""", "The inference request is missing \"inputs\"")]
    [InlineData("""{"id":7,"inputs":[]}""", "The inference request: \"id\" must be a string, not the number 7")]
    [InlineData("""[1]""", "The inference request must be a JSON object, not an array")]
    [InlineData("""{"inputs":[],"parameters":{"binary_data_output":"yes"}}""", "The inference request: parameters.binary_data_output is \"yes\", expected true or false")]
    [InlineData("""{"inputs":[],"outputs":[{"name":"y","parameters":{"binary_data":1}}]}""", "requested output 'y': parameters.binary_data is 1, expected true or false")]
    [InlineData("""{"inputs":[],"outputs":[{"name":"y"},{"name":"y"}]}""", "Requested output 'y' appears more than once")]
    [InlineData("""{"inputs":[],"outputs":[{}]}""", "outputs[0] is missing \"name\"")]
    public void Read_MalformedJson_ThrowsInvalidInputNamingTheField(string json, string expected)
    {
        var ex = Wire.ReadInvalid(json);

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"inputs\": [")]
    [InlineData("not json")]
    [InlineData("")]
    public void Read_NotJson_ThrowsInvalidInputWithHeaderHint(string json)
    {
        var ex = Wire.ReadInvalid(json);

        Assert.Contains("The inference request is not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Inference-Header-Content-Length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BinarySizePastEnd_ThrowsNamingTensor()
    {
        var (body, headerLength) = Wire.Binary(
            """{"inputs":[{"name":"a","datatype":"INT32","shape":[1],"parameters":{"binary_data_size":4}},{"name":"b","datatype":"INT32","shape":[2],"parameters":{"binary_data_size":8}}]}""",
            new byte[8]);

        var ex = Wire.ReadInvalid(string.Empty, headerLength, body);

        Assert.Contains("input 'b': parameters.binary_data_size is 8 but only 4 bytes of binary data remain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LeftoverBinaryBytes_ThrowsSayingHowMany()
    {
        var (body, headerLength) = Wire.Binary(
            """{"inputs":[{"name":"a","datatype":"INT32","shape":[1],"parameters":{"binary_data_size":4}}]}""",
            new byte[7]);

        var ex = Wire.ReadInvalid(string.Empty, headerLength, body);

        Assert.Contains("3 bytes of binary data that no tensor's binary_data_size claims", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BinarySizeNotMatchingShape_ThrowsWithExpectedSize()
    {
        var (body, headerLength) = Wire.Binary(
            """{"inputs":[{"name":"img","datatype":"FP32","shape":[2,3],"parameters":{"binary_data_size":20}}]}""",
            new byte[20]);

        var ex = Wire.ReadInvalid(string.Empty, headerLength, body);

        Assert.Contains("input 'img': parameters.binary_data_size is 20 but shape [2,3] of FP32 needs 24 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 5, 0, 0, 0, 1 }, "element 0 declares 5 bytes but only 1 are left")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0 }, "element 1 starts 4 bytes in, but fewer than 4 bytes are left")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "it holds 3 elements but the shape needs 2")]
    public void Read_MalformedBinaryBytes_ThrowsDescribingLayoutProblem(byte[] bytes, string expected)
    {
        var (body, headerLength) = Wire.Binary(
            $$$"""{"inputs":[{"name":"s","datatype":"BYTES","shape":[2],"parameters":{"binary_data_size":{{{bytes.Length}}}}}]}""",
            bytes);

        var ex = Wire.ReadInvalid(string.Empty, headerLength, body);

        Assert.Contains("input 's' (BYTES)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(-1)]
    public void Read_HeaderLengthOutsideBody_Throws(int headerLength)
    {
        var body = Wire.Utf8("""{"inputs":[]}""");

        var ex = Wire.ReadInvalid(string.Empty, headerLength, body);

        Assert.Contains($"Inference-Header-Content-Length is {headerLength} but the body has {body.Length} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BinaryBodyWithoutHeaderLength_ThrowsNotValidJson()
    {
        var (body, _) = Wire.Binary(
            """{"inputs":[{"name":"a","datatype":"INT32","shape":[1],"parameters":{"binary_data_size":4}}]}""",
            new byte[4]);

        var ex = Wire.ReadInvalid(string.Empty, null, body);

        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeShapeWithTinyData_FailsBeforeAllocating()
    {
        var ex = Wire.ReadInvalid("""{"inputs":[{"name":"x","datatype":"FP64","shape":[1000000,1000],"data":[[1]]}]}""");

        Assert.Contains("input 'x': \"data\" is 5 bytes of JSON, too short for the 1000000000 elements shape [1000000,1000] needs", ex.Message, StringComparison.Ordinal);
    }
}
