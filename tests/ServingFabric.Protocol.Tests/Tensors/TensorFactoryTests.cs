using System.Runtime.InteropServices;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Tests.Tensors;

public sealed class TensorFactoryTests
{
    [Fact]
    public void Create_Floats_LaysOutLittleEndian()
    {
        var tensor = TensorFactory.Create("x", [2], [1.5f, -2f]);

        Assert.Equal(TensorDataType.Fp32, tensor.DataType);
        Assert.Equal(new byte[] { 0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, tensor.Data);
    }

    [Fact]
    public void Create_Strings_UsesLengthPrefixedUtf8()
    {
        var tensor = TensorFactory.Create("s", [2], new[] { string.Empty, "é" });

        Assert.Equal(new byte[] { 0, 0, 0, 0, 2, 0, 0, 0, 0xC3, 0xA9 }, tensor.Data);
        Assert.Equal([string.Empty, "é"], tensor.ToStrings());
    }

    [Fact]
    public void Create_ByteArrays_RoundTripsArbitraryBytes()
    {
        byte[][] values = [[0xFF, 0x00], [], [1]];

        var tensor = TensorFactory.Create("b", [3], values);

        Assert.Equal(TensorDataType.Bytes, tensor.DataType);
        Assert.Equal(values, tensor.ToByteArrays());
    }

    [Theory]
    [MemberData(nameof(SampleTensors.AllDataTypes), MemberType = typeof(SampleTensors))]
    public void Create_EveryDatatype_HasSizeMatchingShape(TensorDataType type)
    {
        var tensor = SampleTensors.For(type);

        Assert.Equal(type, tensor.DataType);
        if (type != TensorDataType.Bytes)
        {
            Assert.Equal(tensor.ElementCount * type.ElementSize(), tensor.Data.Length);
        }
    }

    [Fact]
    public void ToArray_MatchingType_ReturnsValues()
    {
        Assert.Equal([ulong.MaxValue, 0UL], TensorFactory.Create("u", [2], new[] { ulong.MaxValue, 0UL }).ToArray<ulong>());
        Assert.Equal([Half.MaxValue], TensorFactory.Create("h", [], new[] { Half.MaxValue }).ToArray<Half>());
        Assert.Equal([true, false], TensorFactory.Create("b", [2], [true, false]).ToArray<bool>());
    }

    [Fact]
    public void ToArray_BoolByteNotZeroOrOne_NormalizesToTrue()
    {
        var tensor = new Tensor("b", TensorDataType.Bool, [2], [2, 0]);

        var values = tensor.ToArray<bool>();

        Assert.Equal(new byte[] { 1, 0 }, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    [Fact]
    public void ToArray_WrongType_ThrowsNamingTheRightOne()
    {
        var tensor = TensorFactory.Create("h", [1], new[] { Half.One });

        var ex = Assert.Throws<InvalidOperationException>(() => tensor.ToArray<float>());

        Assert.Equal("Tensor 'h' is FP16, not FP32; use ToArray<Half>().", ex.Message);
    }

    [Fact]
    public void ToArray_Bf16_PointsToBf16Reader()
    {
        var tensor = TensorFactory.CreateBf16("b", [1], [1f]);

        var ex = Assert.Throws<InvalidOperationException>(() => tensor.ToArray<ushort>());

        Assert.Contains("ToSinglesFromBf16()", ex.Message, StringComparison.Ordinal);
        Assert.Equal([1f], tensor.ToSinglesFromBf16());
    }

    [Fact]
    public void ToStrings_NotBytes_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TensorFactory.Create("x", [1], [1]).ToStrings());

        Assert.Contains("'x' is INT32, not BYTES", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CountNotMatchingShape_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => TensorFactory.Create("x", [2, 2], [1f, 2f, 3f]));

        Assert.Contains("Tensor 'x' has 3 values but shape [2,2] needs 4", ex.Message, StringComparison.Ordinal);
    }
}
