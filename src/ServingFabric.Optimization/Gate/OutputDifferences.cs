namespace ServingFabric.Optimization.Gate;

/// <summary>Absolute errors and per-sample cosine similarity between two models' outputs.</summary>
internal sealed class OutputDifferences
{
    // Decades from "unchanged" to "another answer": quantization noise sits around 1e-3, a broken layer near 1.
    private static readonly double[] Bounds = [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, double.PositiveInfinity];

    public OutputDifferences(float[][] expected, float[][] actual)
    {
        var counts = new long[Bounds.Length];
        double sum = 0, cosineSum = 0;
        long count = 0;
        MinCosine = 1;
        for (var s = 0; s < expected.Length; s++)
        {
            double dot = 0, expectedNorm = 0, actualNorm = 0;
            for (var i = 0; i < expected[s].Length; i++)
            {
                var error = Math.Abs((double)expected[s][i] - actual[s][i]);
                MaxAbs = Math.Max(MaxAbs, error);
                counts[Array.FindIndex(Bounds, bound => error <= bound)]++;
                sum += error;
                count++;
                dot += (double)expected[s][i] * actual[s][i];
                expectedNorm += (double)expected[s][i] * expected[s][i];
                actualNorm += (double)actual[s][i] * actual[s][i];
            }

            // Two zero vectors are the same output; one zero vector against another is as different as it gets.
            var cosine = expectedNorm == 0 || actualNorm == 0
                ? (expectedNorm == actualNorm ? 1 : 0)
                : dot / Math.Sqrt(expectedNorm * actualNorm);
            MinCosine = Math.Min(MinCosine, cosine);
            cosineSum += cosine;
        }

        Histogram = [.. Bounds.Select((bound, i) => new ErrorHistogramBin(bound, counts[i]))];
        MeanAbs = count == 0 ? 0 : sum / count;
        MeanCosine = expected.Length == 0 ? 1 : cosineSum / expected.Length;
    }

    public IReadOnlyList<ErrorHistogramBin> Histogram { get; }

    public double MaxAbs { get; }

    public double MeanAbs { get; }

    public double MinCosine { get; }

    public double MeanCosine { get; }
}
