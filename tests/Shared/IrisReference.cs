using ServingFabric.Samples;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// The sample iris MLP computed with plain arithmetic, independent of ONNX Runtime: what every layer of the fabric
/// must return for the sample model.
/// </summary>
internal static class IrisReference
{
    public static (float[] Probabilities, long Label) Compute(ReadOnlySpan<float> features)
    {
        var w = SampleModels.IrisMlpWeights;
        var hidden = new double[IrisMlpWeights.Hidden];
        for (var h = 0; h < hidden.Length; h++)
        {
            double sum = w.B1[h];
            for (var f = 0; f < IrisMlpWeights.Features; f++)
            {
                sum += features[f] * w.W1[(f * IrisMlpWeights.Hidden) + h];
            }

            hidden[h] = Math.Max(0, sum);
        }

        var logits = new double[IrisMlpWeights.Classes];
        for (var c = 0; c < logits.Length; c++)
        {
            double sum = w.B2[c];
            for (var h = 0; h < hidden.Length; h++)
            {
                sum += hidden[h] * w.W2[(h * IrisMlpWeights.Classes) + c];
            }

            logits[c] = sum;
        }

        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var total = exp.Sum();
        var probabilities = exp.Select(e => (float)(e / total)).ToArray();
        var label = Array.IndexOf(probabilities, probabilities.Max());
        return (probabilities, label);
    }

    /// <summary>Deterministic feature rows (a seeded generator), as many as asked.</summary>
    public static float[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * IrisMlpWeights.Features];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)Math.Round((random.NextDouble() * 8) - 2, 2);
        }

        return values;
    }
}
