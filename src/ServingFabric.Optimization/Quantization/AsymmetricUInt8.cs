namespace ServingFabric.Optimization.Quantization;

/// <summary>Activations as uint8 with a zero point: a range that includes 0 (so ReLU's zeros stay exact) over 255 steps.</summary>
internal static class AsymmetricUInt8
{
    public static (float Scale, byte ZeroPoint) Parameters(float min, float max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        var scale = (max - min) / 255f;
        if (scale <= 0)
        {
            return (1f, 0);
        }

        return (scale, (byte)Math.Clamp(MathF.Round(-min / scale, MidpointRounding.ToEven), 0, 255));
    }
}
