using System.Buffers;
using System.Text;
using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Tests.Tensors;

public sealed class TensorJsonTests
{
    [Theory]
    [InlineData(TensorDataType.Fp32, "[1.5]", new byte[] { 0x00, 0x00, 0xC0, 0x3F })]
    [InlineData(TensorDataType.Fp32, "[\"NaN\"]", new byte[] { 0x00, 0x00, 0xC0, 0xFF })]
    [InlineData(TensorDataType.Fp32, "[\"-Infinity\"]", new byte[] { 0x00, 0x00, 0x80, 0xFF })]
    [InlineData(TensorDataType.Fp64, "[1.5]", new byte[] { 0, 0, 0, 0, 0, 0, 0xF8, 0x3F })]
    [InlineData(TensorDataType.Fp16, "[1.5]", new byte[] { 0x00, 0x3E })]
    [InlineData(TensorDataType.Fp16, "[65504]", new byte[] { 0xFF, 0x7B })]
    [InlineData(TensorDataType.Bf16, "[1.5]", new byte[] { 0xC0, 0x3F })]
    [InlineData(TensorDataType.Bool, "[true, false]", new byte[] { 1, 0 })]
    [InlineData(TensorDataType.Int8, "[-1]", new byte[] { 0xFF })]
    [InlineData(TensorDataType.UInt16, "[513]", new byte[] { 0x01, 0x02 })]
    [InlineData(TensorDataType.Int32, "[-2]", new byte[] { 0xFE, 0xFF, 0xFF, 0xFF })]
    [InlineData(TensorDataType.UInt64, "[18446744073709551615]", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(TensorDataType.Int64, "[-9223372036854775808]", new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x80 })]
    [InlineData(TensorDataType.Bytes, "[\"\", \"é\"]", new byte[] { 0, 0, 0, 0, 2, 0, 0, 0, 0xC3, 0xA9 })]
    public void ReadData_KnownValue_GivesExactLittleEndianBytes(TensorDataType type, string json, byte[] expected)
    {
        using var data = JsonDocument.Parse(json);
        var shape = new long[] { data.RootElement.GetArrayLength() };

        Assert.Equal(expected, TensorJson.ReadData(data.RootElement, "x", type, shape));
    }

    [Fact]
    public void ReadData_NestedAndFlat_GiveIdenticalBytes()
    {
        using var nested = JsonDocument.Parse("[[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]");
        using var flat = JsonDocument.Parse("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]");
        long[] shape = [2, 3, 2];

        var fromNested = TensorJson.ReadData(nested.RootElement, "x", TensorDataType.Int32, shape);
        var fromFlat = TensorJson.ReadData(flat.RootElement, "x", TensorDataType.Int32, shape);

        Assert.Equal(fromFlat, fromNested);
        Assert.Equal(Enumerable.Range(1, 12).ToArray(), new Tensor("x", TensorDataType.Int32, shape, fromNested).ToArray<int>());
    }

    [Theory]
    [InlineData("[[1, 2], [3]]", "nested \"data\"[1] has 1 elements but dimension 1")]
    [InlineData("[[1, 2], [3, 4], [5, 6]]", "nested \"data\" has 3 elements but dimension 0")]
    [InlineData("[[1, 2], 3]", "nested \"data\"[1] is the number 3")]
    [InlineData("[[1, [2]], [3, 4]]", "element 1 of \"data\" is an array")]
    [InlineData("[1, 2, 3]", "\"data\" has 3 elements but shape [2,2] needs 4")]
    public void ReadData_ShapeMismatch_ThrowsInvalidInputNamingTensor(string json, string expected)
    {
        using var data = JsonDocument.Parse(json);

        var ex = Assert.Throws<InferenceException>(() => TensorJson.ReadData(data.RootElement, "pixels", TensorDataType.Int32, [2, 2]));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("tensor 'pixels'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[7]")]
    [InlineData("7")]
    public void ReadData_Scalar_AcceptsArrayOrBareValue(string json)
    {
        using var data = JsonDocument.Parse(json);

        Assert.Equal(new byte[] { 7, 0, 0, 0 }, TensorJson.ReadData(data.RootElement, "s", TensorDataType.Int32, []));
    }

    [Theory]
    [InlineData("[]", new long[] { 0 })]
    [InlineData("[]", new long[] { 0, 3 })]
    [InlineData("[[], []]", new long[] { 2, 0 })]
    public void ReadData_ZeroSizeDimension_GivesNoBytes(string json, long[] shape)
    {
        using var data = JsonDocument.Parse(json);

        Assert.Empty(TensorJson.ReadData(data.RootElement, "e", TensorDataType.Fp32, shape));
    }

    [Theory]
    [InlineData(1.0f)]
    [InlineData(-0.0078125f)]
    [InlineData(3.3895314e38f)]
    [InlineData(1.1754944e-38f)]
    public void ReadData_Bf16RepresentableValue_IsExact(float value)
    {
        var tensor = TensorFactory.CreateBf16("b", [1], [value]);
        var json = WriteJson(tensor);
        using var data = JsonDocument.Parse(json);

        var bytes = TensorJson.ReadData(data.RootElement, "b", TensorDataType.Bf16, [1]);

        Assert.Equal(tensor.Data, bytes);
        Assert.Equal(value, new Tensor("b", TensorDataType.Bf16, [1], bytes).ToSinglesFromBf16()[0]);
    }

    [Theory]
    [InlineData(0x3F808000u, 0x3F80)] // halfway between 1 and the next bf16, even below: rounds down
    [InlineData(0x3F818000u, 0x3F82)] // halfway, odd below: rounds up to even
    [InlineData(0x3F808001u, 0x3F81)] // just above halfway: rounds up
    [InlineData(0x7F7FFFFFu, 0x7F80)] // float max is past the largest bf16: rounds to infinity
    public void CreateBf16_Halfway_RoundsToNearestEven(uint floatBits, int expectedBits)
    {
        var tensor = TensorFactory.CreateBf16("b", [1], [BitConverter.UInt32BitsToSingle(floatBits)]);

        Assert.Equal(new[] { (byte)(expectedBits & 0xFF), (byte)(expectedBits >> 8) }, tensor.Data);
    }

    [Fact]
    public void WriteData_Floats_UseShortestRoundTripText()
    {
        var tensor = TensorFactory.Create("f", [4], [0.1f, 1.5f, float.NaN, float.NegativeInfinity]);

        Assert.Equal("[0.1,1.5,\"NaN\",\"-Infinity\"]", WriteJson(tensor));
    }

    [Fact]
    public void WriteData_Fp16_UsesHalfShortestText()
    {
        var tensor = TensorFactory.Create("h", [3], new[] { (Half)0.1f, Half.MaxValue, Half.PositiveInfinity });

        Assert.Equal("[0.1,65500,\"Infinity\"]", WriteJson(tensor));
    }

    [Fact]
    public void WriteData_NonAsciiBytes_WritesUtf8Unescaped()
    {
        var tensor = TensorFactory.Create("s", [2], new[] { "日本", string.Empty });

        Assert.Equal("[\"日本\",\"\"]", WriteJson(tensor));
    }

    [Fact]
    public void WriteData_InvalidUtf8Bytes_ThrowsInsteadOfReplacing()
    {
        var tensor = TensorFactory.Create("blob", [1], new[] { new byte[] { 0xFF, 0xFE } });

        var ex = Assert.Throws<InferenceException>(() => WriteJson(tensor));

        Assert.Contains("'blob'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteData_BytesNotMatchingShape_ThrowsArgumentException()
    {
        var tensor = new Tensor("bad", TensorDataType.Fp32, [2], new byte[4]);

        var ex = Assert.Throws<ArgumentException>(() => WriteJson(tensor));

        Assert.Contains("'bad'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SampleTensors.AllDataTypes), MemberType = typeof(SampleTensors))]
    public void WriteData_ThenReadData_RoundTripsEveryDatatype(TensorDataType type)
    {
        var tensor = SampleTensors.For(type);
        using var data = JsonDocument.Parse(WriteJson(tensor));

        Assert.Equal(tensor.Data, TensorJson.ReadData(data.RootElement, tensor.Name, type, tensor.Shape));
    }

    private static string WriteJson(Tensor tensor)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            TensorJson.WriteData(writer, tensor);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
