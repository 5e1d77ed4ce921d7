using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>A Conv the static quantizer rewrites: its constant [M, C/group, k…] weight and its constant [M] bias, if any.</summary>
internal sealed record ConvPlan(TensorProto Weight, TensorProto? Bias)
{
    /// <summary>
    /// The plan for <paramref name="node"/>, or null when it stays in float: another op, kept in float, or a weight or
    /// bias that is not a constant float tensor of the right shape (ONNX Runtime fuses a QDQ Conv into QLinearConv only
    /// when every input, the bias included, comes from a DequantizeLinear).
    /// </summary>
    public static ConvPlan? Of(NodeProto node, IReadOnlyDictionary<string, TensorProto> constants, QuantizationOptions options)
    {
        if (node.OpType != "Conv" || !string.IsNullOrEmpty(node.Domain) || options.KeepsFloat(node) || node.Input.Count < 2
            || !constants.TryGetValue(node.Input[1], out var weight) || !OnnxTensors.IsFloat(weight, 3, 5)
            || (options.KeepDepthwiseConvFloat && IsDepthwise(node, weight)))
        {
            return null;
        }

        if (node.Input.Count < 3 || string.IsNullOrEmpty(node.Input[2]))
        {
            return new ConvPlan(weight, null);
        }

        return constants.TryGetValue(node.Input[2], out var bias) && OnnxTensors.IsFloat(bias, 1, 1) && bias.Dims[0] == weight.Dims[0]
            ? new ConvPlan(weight, bias)
            : null;
    }

    // One input channel per group and as many groups as output channels: each channel filtered on its own.
    private static bool IsDepthwise(NodeProto node, TensorProto weight)
    {
        var group = node.Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1;
        return group > 1 && group == weight.Dims[0] && weight.Dims[1] == 1;
    }
}
