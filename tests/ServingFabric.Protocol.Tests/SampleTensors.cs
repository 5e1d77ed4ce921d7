using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Tests;

/// <summary>One tensor per datatype, each holding the values most likely to break a codec.</summary>
internal static class SampleTensors
{
    public static IEnumerable<object[]> AllDataTypes() =>
        Enum.GetValues<TensorDataType>().Select(type => new object[] { type });

    public static Tensor For(TensorDataType type, string name = "t") => type switch
    {
        TensorDataType.Bool => TensorFactory.Create(name, [3], [true, false, true]),
        TensorDataType.UInt8 => TensorFactory.Create(name, [3], new byte[] { 0, 1, byte.MaxValue }),
        TensorDataType.Int8 => TensorFactory.Create(name, [3], new sbyte[] { sbyte.MinValue, 0, sbyte.MaxValue }),
        TensorDataType.UInt16 => TensorFactory.Create(name, [2], new ushort[] { 0, ushort.MaxValue }),
        TensorDataType.Int16 => TensorFactory.Create(name, [2], new short[] { short.MinValue, short.MaxValue }),
        TensorDataType.UInt32 => TensorFactory.Create(name, [2], new uint[] { 0, uint.MaxValue }),
        TensorDataType.Int32 => TensorFactory.Create(name, [2], new[] { int.MinValue, int.MaxValue }),

        // 2^53 + 1 is the first integer a double cannot hold: it catches codecs that go through double.
        TensorDataType.UInt64 => TensorFactory.Create(name, [3], new ulong[] { 0, ulong.MaxValue, 9_007_199_254_740_993 }),
        TensorDataType.Int64 => TensorFactory.Create(name, [3], new[] { long.MinValue, long.MaxValue, -9_007_199_254_740_993 }),
        TensorDataType.Fp16 => TensorFactory.Create(
            name, [2, 4], new[] { Half.MaxValue, Half.MinValue, Half.Epsilon, (Half)0.1f, Half.NegativeZero, Half.NaN, Half.PositiveInfinity, Half.NegativeInfinity }),
        TensorDataType.Bf16 => TensorFactory.CreateBf16(
            name, [6], [1.5f, -0.0078125f, 3.3895314e38f, float.NaN, float.PositiveInfinity, float.NegativeInfinity]),
        TensorDataType.Fp32 => TensorFactory.Create(
            name, [2, 2, 2], new[] { 1.5f, float.MaxValue, float.Epsilon, 0.1f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity }),
        TensorDataType.Fp64 => TensorFactory.Create(
            name, [6], new[] { double.MaxValue, double.Epsilon, 0.1, -1e-300, double.NaN, double.NegativeInfinity }),
        TensorDataType.Bytes => TensorFactory.Create(name, [5], new[] { string.Empty, "héllo", "日本語", "party 🎉", "quote \" backslash \\ newline \n" }),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
