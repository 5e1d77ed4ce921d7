using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using ServingFabric.Optimization.Gate;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Runs the FP32 model over a calibration set with the wanted intermediate tensors exposed as extra outputs, and
/// keeps each tensor's range (min-max, or percentiles).
/// </summary>
internal static class ActivationRanges
{
    public static Dictionary<string, (float Min, float Max)> Measure(ModelProto model, IReadOnlyCollection<string> tensors, EvaluationSet calibration, QuantizationOptions options)
    {
        var exposed = model.Clone();
        var outputs = new HashSet<string>(exposed.Graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var name in tensors.Where(t => !outputs.Contains(t)))
        {
            exposed.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        // Min-max keeps two numbers per tensor; percentiles need every value (a Conv model's activations are many).
        var kept = options.Calibration == CalibrationMethod.Percentile;
        var values = tensors.ToDictionary(t => t, _ => new List<float>(), StringComparer.Ordinal);
        var extremes = tensors.ToDictionary(t => t, _ => (Min: float.PositiveInfinity, Max: float.NegativeInfinity), StringComparer.Ordinal);
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(exposed), sessionOptions);
        foreach (var batch in calibration.Samples.Chunk(64))
        {
            var data = new float[batch.Length * calibration.SampleLength];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i].CopyTo(data, i * calibration.SampleLength);
            }

            var input = new DenseTensor<float>(data, [batch.Length, .. calibration.SampleShape.Select(d => (int)d)]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(calibration.InputName, input)], [.. tensors]);
            foreach (var result in results)
            {
                var tensor = result.AsTensor<float>();
                if (kept)
                {
                    values[result.Name].AddRange(tensor);
                }
                else
                {
                    var (min, max) = extremes[result.Name];
                    foreach (var value in tensor)
                    {
                        min = MathF.Min(min, value);
                        max = MathF.Max(max, value);
                    }

                    extremes[result.Name] = (min, max);
                }
            }
        }

        return kept
            ? values.ToDictionary(v => v.Key, v => Percentiles(v.Value, options.Percentile), StringComparer.Ordinal)
            : extremes.ToDictionary(e => e.Key, e => float.IsFinite(e.Value.Min) ? e.Value : (0f, 0f), StringComparer.Ordinal);
    }

    private static (float Min, float Max) Percentiles(List<float> values, double percentile)
    {
        if (values.Count == 0)
        {
            return (0, 0);
        }

        values.Sort();
        var upper = (int)Math.Round((values.Count - 1) * percentile / 100);
        var lower = (int)Math.Round((values.Count - 1) * (1 - (percentile / 100)));
        return (values[lower], values[upper]);
    }
}
