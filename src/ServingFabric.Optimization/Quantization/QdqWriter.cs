using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Writes the QDQ form of <see cref="StaticQuantizer"/>'s targets: DequantizeLinear(uint8 input, calibrated) and
/// DequantizeLinear(int8 weight, symmetric) (and for Conv DequantizeLinear(int32 bias, scale input × weight, zero
/// point 0)) → the node → QuantizeLinear → DequantizeLinear of its output, which ONNX Runtime fuses into
/// QLinearMatMul or QLinearConv when it loads the model.
/// </summary>
internal sealed class QdqWriter(GraphProto graph, Dictionary<string, (float Min, float Max)> ranges, QuantizationOptions options)
{
    private readonly Dictionary<string, string> _dequantized = new(StringComparer.Ordinal);
    private readonly List<NodeProto> _nodes = [];

    public void Run(IReadOnlyCollection<QdqTarget> targets)
    {
        var byNode = targets.ToDictionary(t => t.Node);
        var byRelu = targets.Where(t => t.Relu is not null).ToDictionary(t => t.Relu!);
        foreach (var node in graph.Node)
        {
            if (byNode.TryGetValue(node, out var target))
            {
                Surround(target);
            }
            else if (byRelu.TryGetValue(node, out var reluOf))
            {
                QuantizeOutput(node, reluOf.QuantizedOutput);
            }
            else
            {
                _nodes.Add(node);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(_nodes);
    }

    private void Surround(QdqTarget target)
    {
        var node = target.Node;
        var input = node.Input[0];
        // One QuantizeLinear/DequantizeLinear per activation, however many nodes read it.
        if (!_dequantized.TryGetValue(input, out var inputDq))
        {
            inputDq = QuantizeDequantize(input, $"{input}_dequantized", ranges[input]);
            _dequantized[input] = inputDq;
        }

        var (weightDq, weightScales) = DequantizedWeight(target);
        node.Input[0] = inputDq;
        node.Input[1] = weightDq;
        if (target.Bias is { } bias)
        {
            node.Input[2] = DequantizedBias(target, bias, AsymmetricUInt8.Parameters(ranges[input].Min, ranges[input].Max).Scale, weightScales);
        }

        if (target.Relu is null)
        {
            QuantizeOutput(node, target.QuantizedOutput);
        }
        else
        {
            _nodes.Add(node);
        }
    }

    private void QuantizeOutput(NodeProto node, string output)
    {
        node.Output[0] = $"{output}_float";
        _nodes.Add(node);
        // A Conv reading it next takes this DequantizeLinear's output as it is.
        _dequantized[output] = QuantizeDequantize(node.Output[0], output, ranges[output]);
    }

    private string QuantizeDequantize(string tensor, string output, (float Min, float Max) range)
    {
        var (scale, zeroPoint) = AsymmetricUInt8.Parameters(range.Min, range.Max);
        graph.Initializer.Add(OnnxTensors.Float($"{tensor}_scale", [scale]));
        graph.Initializer.Add(OnnxTensors.UInt8($"{tensor}_zero_point", [zeroPoint]));
        _nodes.Add(QuantizingRewriter.Node("QuantizeLinear", $"{tensor}_quantize", [tensor, $"{tensor}_scale", $"{tensor}_zero_point"], $"{tensor}_quantized"));
        _nodes.Add(QuantizingRewriter.Node("DequantizeLinear", $"{tensor}_dequantize", [$"{tensor}_quantized", $"{tensor}_scale", $"{tensor}_zero_point"], output));
        return output;
    }

    private (string Name, float[] Scales) DequantizedWeight(QdqTarget target)
    {
        var range = options.WeightRanges.TryGetValue(target.OriginalName, out var r) ? r : (float?)null;
        var levels = options.WeightLevels;
        var perChannel = target.Weight.Length / target.Channels;
        var (values, scales) = target.ChannelAxis == 0
            ? SymmetricInt8.QuantizeRows(target.Weight, target.Channels, perChannel, options.PerChannel, range, levels, options.AvoidsPairSaturation)
            : SymmetricInt8.Quantize(target.Weight, perChannel, target.Channels, options.PerChannel, range, levels, options.AvoidsPairSaturation);
        var name = $"{target.Node.Name}_weight";
        var zeroPoints = OnnxTensors.Int8($"{name}_zero_point", new sbyte[scales.Length], ScaleDims(scales));
        return (Dequantize(OnnxTensors.Int8($"{name}_quantized", values, target.WeightDims), scales, zeroPoints, target.ChannelAxis), scales);
    }

    // ONNX Runtime's QLinearConv adds the bias in int32 at the scale of input × weight, so that is the bias's scale.
    private string DequantizedBias(QdqTarget target, float[] bias, float inputScale, float[] weightScales)
    {
        var scales = weightScales.Select(s => inputScale * s).ToArray();
        var values = new int[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            var q = Math.Round(bias[c] / (double)scales[scales.Length == 1 ? 0 : c], MidpointRounding.ToEven);
            values[c] = (int)Math.Clamp(q, int.MinValue, int.MaxValue);
        }

        var name = $"{target.Node.Name}_bias";
        var zeroPoints = OnnxTensors.Int32($"{name}_zero_point", new int[scales.Length], ScaleDims(scales));
        return Dequantize(OnnxTensors.Int32($"{name}_quantized", values, bias.Length), scales, zeroPoints, axis: 0);
    }

    private string Dequantize(TensorProto quantized, float[] scales, TensorProto zeroPoints, int axis)
    {
        var name = quantized.Name[..quantized.Name.LastIndexOf("_quantized", StringComparison.Ordinal)];
        graph.Initializer.Add(quantized);
        graph.Initializer.Add(OnnxTensors.Float($"{name}_scale", scales, ScaleDims(scales)));
        graph.Initializer.Add(zeroPoints);
        var dequantize = QuantizingRewriter.Node("DequantizeLinear", $"{name}_dequantize", [quantized.Name, $"{name}_scale", zeroPoints.Name], $"{name}_dequantized");
        if (scales.Length > 1 || options.PerChannel)
        {
            dequantize.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = axis });
        }

        _nodes.Add(dequantize);
        return dequantize.Output[0];
    }

    private long[] ScaleDims(float[] scales) => options.PerChannel ? [scales.Length] : [];
}
