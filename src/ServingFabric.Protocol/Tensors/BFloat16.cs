namespace ServingFabric.Protocol;

/// <summary>bfloat16: the upper 16 bits of an IEEE float32, which .NET has no type for.</summary>
internal static class BFloat16
{
    public static float ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Rounds to the nearest bfloat16, ties to even, as PyTorch and ONNX Runtime do.</summary>
    public static ushort FromSingle(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        if (float.IsNaN(value))
        {
            // Truncating could drop every mantissa bit and turn a NaN into an infinity; keep it a quiet NaN.
            return (ushort)((bits >> 16) | 0x0040);
        }

        var roundingBias = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
