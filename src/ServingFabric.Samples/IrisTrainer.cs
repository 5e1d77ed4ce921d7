namespace ServingFabric.Samples;

/// <summary>
/// How the sample model's weights were made: the 4→8→3 MLP of <see cref="SampleModels.CreateIrisMlp"/> trained on all
/// of <see cref="IrisDataSet"/> by full-batch gradient descent with Adam on the softmax cross-entropy, from a seeded
/// initialization, in double precision. Deterministic: the same seed and epochs give the same weights, which
/// <see cref="IrisMlpWeights"/> keeps as constants so the sample needs no training at start.
/// </summary>
public static class IrisTrainer
{
    /// <summary>The seed the shipped weights were trained from.</summary>
    public const int ShippedSeed = 1936;

    /// <summary>The epochs the shipped weights were trained for.</summary>
    public const int ShippedEpochs = 2000;

    private const int Features = IrisMlpWeights.Features;
    private const int Hidden = IrisMlpWeights.Hidden;
    private const int Classes = IrisMlpWeights.Classes;
    private const double LearningRate = 0.02;
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    /// <summary>Trains from <paramref name="seed"/> for <paramref name="epochs"/> passes; returns W1, B1, W2, B2 (row-major, as <see cref="IrisMlpWeights"/>).</summary>
    public static (float[] W1, float[] B1, float[] W2, float[] B2) Train(int seed = ShippedSeed, int epochs = ShippedEpochs)
    {
        var random = new Random(seed);
        double[][] parameters =
        [
            Initial(random, Features * Hidden, Math.Sqrt(6.0 / Features)),
            new double[Hidden],
            Initial(random, Hidden * Classes, Math.Sqrt(6.0 / Hidden)),
            new double[Classes],
        ];
        var moments = parameters.Select(p => (First: new double[p.Length], Second: new double[p.Length])).ToArray();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var gradients = Gradients(parameters);
            for (var t = 0; t < parameters.Length; t++)
            {
                Step(parameters[t], gradients[t], moments[t].First, moments[t].Second, epoch);
            }
        }

        return (ToFloats(parameters[0]), ToFloats(parameters[1]), ToFloats(parameters[2]), ToFloats(parameters[3]));
    }

    private static double[] Initial(Random random, int count, double limit) =>
        Enumerable.Range(0, count).Select(_ => ((random.NextDouble() * 2) - 1) * limit).ToArray();

    // The mean cross-entropy's gradient over the whole data set, for W1, B1, W2, B2.
    private static double[][] Gradients(double[][] p)
    {
        double[][] g = [new double[p[0].Length], new double[p[1].Length], new double[p[2].Length], new double[p[3].Length]];
        var rows = IrisDataSet.Rows;
        var hidden = new double[Hidden];
        var delta = new double[Classes];
        foreach (var row in rows)
        {
            var x = row.Features;
            for (var h = 0; h < Hidden; h++)
            {
                var sum = p[1][h];
                for (var f = 0; f < Features; f++)
                {
                    sum += x[f] * p[0][(f * Hidden) + h];
                }

                hidden[h] = Math.Max(0, sum);
            }

            Softmax(p, hidden, delta);
            delta[row.Label] -= 1;
            for (var c = 0; c < Classes; c++)
            {
                g[3][c] += delta[c] / rows.Count;
                for (var h = 0; h < Hidden; h++)
                {
                    g[2][(h * Classes) + c] += hidden[h] * delta[c] / rows.Count;
                }
            }

            for (var h = 0; h < Hidden; h++)
            {
                if (hidden[h] <= 0)
                {
                    continue;
                }

                var back = 0.0;
                for (var c = 0; c < Classes; c++)
                {
                    back += delta[c] * p[2][(h * Classes) + c];
                }

                g[1][h] += back / rows.Count;
                for (var f = 0; f < Features; f++)
                {
                    g[0][(f * Hidden) + h] += x[f] * back / rows.Count;
                }
            }
        }

        return g;
    }

    // The class probabilities of one row, written into probabilities.
    private static void Softmax(double[][] p, double[] hidden, double[] probabilities)
    {
        for (var c = 0; c < Classes; c++)
        {
            var sum = p[3][c];
            for (var h = 0; h < Hidden; h++)
            {
                sum += hidden[h] * p[2][(h * Classes) + c];
            }

            probabilities[c] = sum;
        }

        var max = probabilities.Max();
        var total = 0.0;
        for (var c = 0; c < Classes; c++)
        {
            probabilities[c] = Math.Exp(probabilities[c] - max);
            total += probabilities[c];
        }

        for (var c = 0; c < Classes; c++)
        {
            probabilities[c] /= total;
        }
    }

    private static void Step(double[] parameter, double[] gradient, double[] first, double[] second, int epoch)
    {
        var correction1 = 1 - Math.Pow(Beta1, epoch);
        var correction2 = 1 - Math.Pow(Beta2, epoch);
        for (var i = 0; i < parameter.Length; i++)
        {
            first[i] = (Beta1 * first[i]) + ((1 - Beta1) * gradient[i]);
            second[i] = (Beta2 * second[i]) + ((1 - Beta2) * gradient[i] * gradient[i]);
            parameter[i] -= LearningRate * (first[i] / correction1) / (Math.Sqrt(second[i] / correction2) + Epsilon);
        }
    }

    private static float[] ToFloats(double[] values) => Array.ConvertAll(values, v => (float)v);
}
