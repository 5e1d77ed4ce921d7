using ServingFabric.Runtime.Samples;

namespace ServingFabric.Runtime.Tests.TestModels;

/// <summary>The iris MLP computed with plain loops from its published weights, independent of ONNX Runtime.</summary>
internal static class IrisReference
{
    public static (float[] Probabilities, long Label) Predict(IrisMlpWeights w, ReadOnlySpan<float> x)
    {
        var hidden = new double[IrisMlpWeights.Hidden];
        for (var j = 0; j < IrisMlpWeights.Hidden; j++)
        {
            double sum = w.B1[j];
            for (var i = 0; i < IrisMlpWeights.Features; i++)
            {
                sum += x[i] * (double)w.W1[(i * IrisMlpWeights.Hidden) + j];
            }

            hidden[j] = Math.Max(0, sum);
        }

        var logits = new double[IrisMlpWeights.Classes];
        for (var k = 0; k < IrisMlpWeights.Classes; k++)
        {
            double sum = w.B2[k];
            for (var j = 0; j < IrisMlpWeights.Hidden; j++)
            {
                sum += hidden[j] * w.W2[(j * IrisMlpWeights.Classes) + k];
            }

            logits[k] = sum;
        }

        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var total = exp.Sum();
        var probabilities = exp.Select(e => (float)(e / total)).ToArray();
        long label = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[label])
            {
                label = k;
            }
        }

        return (probabilities, label);
    }
}
