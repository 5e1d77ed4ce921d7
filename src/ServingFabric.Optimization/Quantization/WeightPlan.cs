using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>A MatMul or Gemm the quantizers rewrite: its constant weight, whether Gemm transposes it, and Gemm's bias.</summary>
internal sealed record WeightPlan(TensorProto Weight, bool Transposed, string? Bias)
{
    /// <summary>The plan for <paramref name="node"/>, or null when it stays as it is (other op, kept in float, weight not a constant float matrix).</summary>
    public static WeightPlan? Of(NodeProto node, IReadOnlyDictionary<string, TensorProto> constants, QuantizationOptions options)
    {
        if (node.OpType is not ("MatMul" or "Gemm") || !string.IsNullOrEmpty(node.Domain)
            || options.KeepsFloat(node)
            || node.Input.Count < 2 || !constants.TryGetValue(node.Input[1], out var weight) || !OnnxTensors.IsFloatMatrix(weight))
        {
            return null;
        }

        var transposed = false;
        if (node.OpType == "Gemm")
        {
            // Only Y = A·B (+ C): other alphas, betas or a transposed A would need more nodes than they save.
            foreach (var attribute in node.Attribute)
            {
                var plain = attribute.Name switch
                {
                    "alpha" or "beta" => attribute.F == 1f,
                    "transA" => attribute.I == 0,
                    "transB" => true,
                    _ => false,
                };
                if (!plain)
                {
                    return null;
                }

                transposed |= attribute.Name == "transB" && attribute.I == 1;
            }
        }

        var bias = node.OpType == "Gemm" && node.Input.Count > 2 && !string.IsNullOrEmpty(node.Input[2]) ? node.Input[2] : null;
        return new WeightPlan(weight, transposed, bias);
    }

    /// <summary>The weight as [K, N] floats, untransposed when Gemm stores it transposed.</summary>
    public (float[] Values, int Rows, int Columns) Matrix()
    {
        var rows = (int)Weight.Dims[Transposed ? 1 : 0];
        var columns = (int)Weight.Dims[Transposed ? 0 : 1];
        var floats = OnnxTensors.Floats(Weight);
        return (Transposed ? OnnxTensors.Transpose(floats, columns, rows) : floats, rows, columns);
    }
}
