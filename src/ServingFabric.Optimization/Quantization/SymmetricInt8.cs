namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Symmetric int8 weights: zero point 0 and the range [-127, 127], as ONNX Runtime's own quantizer writes weights, so
/// that the u8 x s8 kernels never overflow their 16-bit intermediate sums on CPUs without VNNI.
/// </summary>
internal static class SymmetricInt8
{
    public const float FullLevels = 127f;

    public const float ReducedLevels = 63f;

    /// <summary>
    /// The most a pair of quantized weights may add up to (same sign, adjacent along the reduction) so that u8 × s8
    /// products summed in pairs stay within 16 bits: 255 × 126 = 32130 ≤ 32767, with a level of margin for rounding.
    /// </summary>
    public const float SaturationFreePairSum = 126f;

    /// <summary>
    /// Quantizes a row-major [rows, columns] matrix with one scale per column, or one for all when <paramref name="perColumn"/> is false.
    /// With <paramref name="avoidPairSaturation"/>, each scale uses as many of the <paramref name="levels"/> as keeps every
    /// pair of weights adjacent along the rows (the reduction axis, as the x64 int8 kernels without VNNI pair them) from
    /// saturating the 16-bit sums: full range where the weights allow it, never below 7 bits (63 levels, which cannot saturate).
    /// </summary>
    public static (sbyte[] Values, float[] Scales) Quantize(float[] weights, int rows, int columns, bool perColumn, float? range, float levels = FullLevels,
        bool avoidPairSaturation = false, bool anyPair = false)
    {
        var scales = new float[perColumn ? columns : 1];
        var used = new float[scales.Length];
        for (var s = 0; s < scales.Length; s++)
        {
            var column = perColumn ? s : -1;
            var maxAbs = range ?? MaxAbs(weights, rows, columns, column);
            used[s] = avoidPairSaturation && maxAbs > 0 ? SaturationFreeLevels(weights, rows, columns, column, maxAbs, levels, anyPair) : levels;
            // An all-zero column still needs a usable scale: any positive one maps it to zeros.
            scales[s] = maxAbs > 0 ? maxAbs / used[s] : 1f;
        }

        var values = new sbyte[weights.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var i = (r * columns) + c;
                var s = perColumn ? c : 0;
                var q = MathF.Round(weights[i] / scales[s], MidpointRounding.ToEven);
                values[i] = (sbyte)Math.Clamp(q, -used[s], used[s]);
            }
        }

        return (values, scales);
    }

    // The largest levels (at most `levels`, at least the reduced 63) at which no same-sign pair of rows (2i, 2i+1) of
    // the column(s) adds up to more than SaturationFreePairSum once quantized.
    // With anyPair, any two rows of a column count as a pair: for kernels (convolutions) whose reduction order is not the
    // weight's own row order.
    private static float SaturationFreeLevels(float[] weights, int rows, int columns, int column, float maxAbs, float levels, bool anyPair)
    {
        var worstPair = anyPair ? WorstAnyPair(weights, rows, columns, column, maxAbs) : 0f;
        for (var r = 0; !anyPair && r + 1 < rows; r += 2)
        {
            for (var c = column < 0 ? 0 : column; c < (column < 0 ? columns : column + 1); c++)
            {
                var a = Math.Clamp(weights[(r * columns) + c], -maxAbs, maxAbs);
                var b = Math.Clamp(weights[((r + 1) * columns) + c], -maxAbs, maxAbs);
                var positive = MathF.Max(a, 0) + MathF.Max(b, 0);
                var negative = MathF.Min(a, 0) + MathF.Min(b, 0);
                worstPair = MathF.Max(worstPair, MathF.Max(positive, -negative));
            }
        }

        // No pair adds up to more than the largest weight alone (127 × 255 fits in 16 bits): the full levels are safe.
        if (worstPair <= maxAbs)
        {
            return levels;
        }

        // Quantized, the worst pair is worstPair / maxAbs × L; keep it within the safe sum.
        var fits = MathF.Floor(SaturationFreePairSum * maxAbs / worstPair);
        return Math.Clamp(fits, MathF.Min(ReducedLevels, levels), levels);
    }

    /// <summary>Quantizes a row-major [rows, columns] matrix with one scale per row (a Conv weight's output channel), or one for all.</summary>
    public static (sbyte[] Values, float[] Scales) QuantizeRows(float[] weights, int rows, int columns, bool perRow, float? range, float levels = FullLevels,
        bool avoidPairSaturation = false)
    {
        var (values, scales) = Quantize(OnnxTensors.Transpose(weights, rows, columns), columns, rows, perRow, range, levels, avoidPairSaturation, anyPair: true);
        return (OnnxTensors.Transpose(values, columns, rows), scales);
    }

    // The two largest positive and the two most negative weights of the column(s): the worst pair in any order.
    private static float WorstAnyPair(float[] weights, int rows, int columns, int column, float maxAbs)
    {
        var worst = 0f;
        for (var c = column < 0 ? 0 : column; c < (column < 0 ? columns : column + 1); c++)
        {
            float p1 = 0, p2 = 0, n1 = 0, n2 = 0;
            for (var r = 0; r < rows; r++)
            {
                var w = Math.Clamp(weights[(r * columns) + c], -maxAbs, maxAbs);
                if (w > p1) { p2 = p1; p1 = w; } else if (w > p2) { p2 = w; }
                if (w < n1) { n2 = n1; n1 = w; } else if (w < n2) { n2 = w; }
            }

            worst = MathF.Max(worst, MathF.Max(p1 + p2, -(n1 + n2)));
        }

        return worst;
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
