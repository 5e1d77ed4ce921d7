namespace ServingFabric.Samples;

/// <summary>
/// Inputs from the domain of PaddleOCR's text-orientation classifier, for its calibration and evaluation sets (tests
/// and the perf harness's optimization scenario). The OCR classifier tells upright text lines from upside-down
/// ones, so its inputs are synthetic text lines: a light background with a row of dark glyph strokes of random width
/// and height standing on a baseline (ascenders up), half of them turned 180°, normalized as PaddleOCR feeds them.
/// </summary>
public static class OcrTextLines
{
    /// <summary>The classifier's input per image: 3 channels.</summary>
    public const int Channels = 3;

    /// <summary>The classifier's input height in pixels.</summary>
    public const int Height = 48;

    /// <summary>The classifier's input width in pixels.</summary>
    public const int Width = 192;

    /// <summary>Seeded [3, 48, 192] text-line images, even ones upright and odd ones turned 180°.</summary>
    public static IReadOnlyList<float[]> Create(int seed, int count)
    {
        var random = new Random(seed);
        var lines = new List<float[]>(count);
        for (var n = 0; n < count; n++)
        {
            var image = new float[Channels * Height * Width];
            Array.Fill(image, 0.8f + (random.NextSingle() * 0.15f));
            var baseline = 34 + random.Next(6);
            for (var x = 4 + random.Next(8); x < Width - 12; x += 3 + random.Next(8))
            {
                var width = 2 + random.Next(6);
                // Most glyphs are x-height; some rise to ascender height, a few drop below the baseline.
                var top = baseline - (random.Next(4) == 0 ? 26 : 14) + random.Next(3);
                var bottom = random.Next(8) == 0 ? baseline + 8 : baseline;
                var ink = -0.7f - (random.NextSingle() * 0.3f);
                for (var y = top; y < bottom; y++)
                {
                    for (var dx = 0; dx < width && x + dx < Width; dx++)
                    {
                        Paint(image, n % 2 == 1, y, x + dx, ink);
                    }
                }
            }

            lines.Add(image);
        }

        return lines;
    }

    private static void Paint(float[] image, bool upsideDown, int y, int x, float value)
    {
        var (row, column) = upsideDown ? (Height - 1 - y, Width - 1 - x) : (y, x);
        var plane = Height * Width;
        for (var c = 0; c < Channels; c++)
        {
            image[(c * plane) + (row * Width) + column] = value;
        }
    }
}
