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

        var values = tensors.ToDictionary(t => t, _ => new List<float>(), StringComparer.Ordinal);
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
                values[result.Name].AddRange(result.AsEnumerable<float>());
            }
        }

        return values.ToDictionary(v => v.Key, v => Range(v.Value, options), StringComparer.Ordinal);
    }

    private static (float Min, float Max) Range(List<float> values, QuantizationOptions options)
    {
        if (values.Count == 0)
        {
            return (0, 0);
        }

        if (options.Calibration == CalibrationMethod.MinMax)
        {
            return (values.Min(), values.Max());
        }

        values.Sort();
        var upper = (int)Math.Round((values.Count - 1) * options.Percentile / 100);
        var lower = (int)Math.Round((values.Count - 1) * (1 - (options.Percentile / 100)));
        return (values[lower], values[upper]);
    }
}
