namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Symmetric int8 weights: zero point 0 and the range [-127, 127], as ONNX Runtime's own quantizer writes weights, so
/// that the u8 x s8 kernels never overflow their 16-bit intermediate sums on CPUs without VNNI.
/// </summary>
internal static class SymmetricInt8
{
    public const float FullLevels = 127f;

    public const float ReducedLevels = 63f;

    /// <summary>Quantizes a row-major [rows, columns] matrix with one scale per column, or one for all when <paramref name="perColumn"/> is false.</summary>
    public static (sbyte[] Values, float[] Scales) Quantize(float[] weights, int rows, int columns, bool perColumn, float? range, float levels = FullLevels)
    {
        var scales = new float[perColumn ? columns : 1];
        for (var s = 0; s < scales.Length; s++)
        {
            var maxAbs = range ?? MaxAbs(weights, rows, columns, perColumn ? s : -1);
            // An all-zero column still needs a usable scale: any positive one maps it to zeros.
            scales[s] = maxAbs > 0 ? maxAbs / levels : 1f;
        }

        var values = new sbyte[weights.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var i = (r * columns) + c;
                var q = MathF.Round(weights[i] / scales[perColumn ? c : 0], MidpointRounding.ToEven);
                values[i] = (sbyte)Math.Clamp(q, -levels, levels);
            }
        }

        return (values, scales);
    }

    /// <summary>Quantizes a row-major [rows, columns] matrix with one scale per row (a Conv weight's output channel), or one for all.</summary>
    public static (sbyte[] Values, float[] Scales) QuantizeRows(float[] weights, int rows, int columns, bool perRow, float? range, float levels = FullLevels)
    {
        var (values, scales) = Quantize(OnnxTensors.Transpose(weights, rows, columns), columns, rows, perRow, range, levels);
        return (OnnxTensors.Transpose(values, columns, rows), scales);
    }

    private static float MaxAbs(float[] weights, int rows, int columns, int column)
    {
        var max = 0f;
        for (var r = 0; r < rows; r++)
        {
            for (var c = column < 0 ? 0 : column; c < (column < 0 ? columns : column + 1); c++)
            {
                max = MathF.Max(max, MathF.Abs(weights[(r * columns) + c]));
            }
        }

        return max;
    }
}
