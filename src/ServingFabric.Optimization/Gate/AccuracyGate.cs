using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ServingFabric.Optimization.Gate;

/// <summary>
/// Runs a candidate and its original over the same evaluation set in ONNX Runtime and compares one FP32 output:
/// top-1 agreement and accuracy for classifiers, absolute error and cosine similarity always.
/// </summary>
public static class AccuracyGate
{
    /// <exception cref="ArgumentException">The set does not fit the model, or the labels do not match the samples.</exception>
    public static GateReport Evaluate(byte[] original, byte[] candidate, EvaluationSet set, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        if (set.Samples.Count == 0 || (set.Labels is { } labels && labels.Count != set.Samples.Count))
        {
            throw new ArgumentException($"The evaluation set has {set.Samples.Count} samples and {set.Labels?.Count} labels; give at least one sample and, if any, one label per sample.", nameof(set));
        }

        var outputName = options.OutputName ?? FirstFloatOutput(original);
        var expected = Run(original, set, outputName, options.BatchSize);
        var actual = Run(candidate, set, outputName, options.BatchSize);
        return Compare(expected, actual, set, outputName, options);
    }

    private static GateReport Compare(float[][] expected, float[][] actual, EvaluationSet set, string outputName, GateOptions options)
    {
        var limits = options.Limits;
        var failures = new List<string>();
        var errors = new OutputDifferences(expected, actual);
        double? agreement = null, originalAccuracy = null, candidateAccuracy = null;
        if (options.Kind == OutputKind.Classification)
        {
            var originalTop1 = expected.Select(Top1).ToArray();
            var candidateTop1 = actual.Select(Top1).ToArray();
            agreement = Share(originalTop1.Zip(candidateTop1, (a, b) => a == b));
            if (agreement < limits.MinTop1Agreement)
            {
                failures.Add($"top-1 agreement {agreement:P2} is below the limit {limits.MinTop1Agreement:P2}");
            }

            if (set.Labels is { } labels)
            {
                originalAccuracy = Share(originalTop1.Zip(labels, (a, b) => a == b));
                candidateAccuracy = Share(candidateTop1.Zip(labels, (a, b) => a == b));
                // A small tolerance: 148/150 - 147/150 must not fail a 1-point limit on floating-point noise.
                if (originalAccuracy - candidateAccuracy > limits.MaxAccuracyDrop + 1e-9)
                {
                    failures.Add($"accuracy fell from {originalAccuracy:P2} to {candidateAccuracy:P2}, more than the limit of {limits.MaxAccuracyDrop * 100:0.##} points");
                }
            }
        }
        else
        {
            if (errors.MinCosine < limits.MinCosineSimilarity)
            {
                failures.Add($"cosine similarity {errors.MinCosine:0.0000} (worst sample) is below the limit {limits.MinCosineSimilarity:0.0000}");
            }

            if (limits.MaxAbsError is { } maxAbsError && errors.MaxAbs > maxAbsError)
            {
                failures.Add($"the largest absolute error {errors.MaxAbs:G4} is above the limit {maxAbsError:G4}");
            }
        }

        return new GateReport
        {
            Kind = options.Kind,
            OutputName = outputName,
            Samples = expected.Length,
            Top1Agreement = agreement,
            OriginalAccuracy = originalAccuracy,
            CandidateAccuracy = candidateAccuracy,
            MaxAbsError = errors.MaxAbs,
            MeanAbsError = errors.MeanAbs,
            MinCosineSimilarity = errors.MinCosine,
            MeanCosineSimilarity = errors.MeanCosine,
            ErrorHistogram = errors.Histogram,
            Limits = limits,
            Failures = failures,
        };
    }

    private static float[][] Run(byte[] model, EvaluationSet set, string outputName, int batchSize)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var rows = new List<float[]>(set.Samples.Count);
        foreach (var batch in set.Samples.Chunk(Math.Max(1, batchSize)))
        {
            var data = new float[batch.Length * set.SampleLength];
            for (var i = 0; i < batch.Length; i++)
            {
                if (batch[i].Length != set.SampleLength)
                {
                    throw new ArgumentException($"A sample has {batch[i].Length} values; the set's shape [{string.Join(", ", set.SampleShape)}] needs {set.SampleLength}.", nameof(set));
                }

                batch[i].CopyTo(data, i * set.SampleLength);
            }

            var tensor = new DenseTensor<float>(data, [batch.Length, .. set.SampleShape.Select(d => (int)d)]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(set.InputName, tensor)], [outputName]);
            var values = results[0].AsEnumerable<float>().ToArray();
            rows.AddRange(values.Chunk(values.Length / batch.Length));
        }

        return [.. rows];
    }

    private static string FirstFloatOutput(byte[] model)
    {
        using var session = new InferenceSession(model);
        return session.OutputMetadata.FirstOrDefault(o => o.Value.ElementDataType == TensorElementType.Float).Key
            ?? throw new ArgumentException("The model has no FP32 output to compare; name one with GateOptions.OutputName.", nameof(model));
    }

    private static int Top1(float[] scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static double Share(IEnumerable<bool> hits)
    {
        var list = hits.ToList();
        return (double)list.Count(h => h) / list.Count;
    }
}
