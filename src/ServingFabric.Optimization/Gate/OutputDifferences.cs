namespace ServingFabric.Optimization.Gate;

/// <summary>Absolute errors and per-sample cosine similarity between two models' outputs.</summary>
internal sealed class OutputDifferences
{
    public OutputDifferences(float[][] expected, float[][] actual)
    {
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

        MeanAbs = count == 0 ? 0 : sum / count;
        MeanCosine = expected.Length == 0 ? 1 : cosineSum / expected.Length;
    }

    public double MaxAbs { get; }

    public double MeanAbs { get; }

    public double MinCosine { get; }

    public double MeanCosine { get; }
}
