using Google.Protobuf;
using Onnx;
using ServingFabric.Optimization.Gate;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Static int8 quantization of MatMul and Gemm in the QDQ form, with activation ranges calibrated on a data set:
/// Gemm is first lowered to MatMul (+ Add of its bias, kept in float), the FP32 model runs over the calibration set
/// with every MatMul's input and output exposed, and each MatMul becomes DequantizeLinear(uint8 input) and
/// DequantizeLinear(int8 weight, symmetric, per tensor or per output column) → MatMul → QuantizeLinear →
/// DequantizeLinear: the pattern ONNX Runtime fuses into QLinearMatMul when it loads the model.
/// </summary>
public static class StaticQuantizer
{
    /// <summary>The lowest opset whose DequantizeLinear takes a per-channel axis.</summary>
    private const long MinOpset = 13;

    /// <summary>The quantized model's bytes and how many MatMul/Gemm nodes were quantized.</summary>
    /// <exception cref="InvalidOperationException">The model's opset is below 13.</exception>
    public static (byte[] Model, int QuantizedNodes) Quantize(byte[] model, EvaluationSet calibration, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        var proto = ModelProto.Parser.ParseFrom(model);
        var opset = proto.OpsetImport.FirstOrDefault(o => string.IsNullOrEmpty(o.Domain))?.Version ?? 0;
        if (opset < MinOpset)
        {
            throw new InvalidOperationException($"The model imports opset {opset}; static QDQ quantization needs opset {MinOpset} or later (per-channel DequantizeLinear). Use dynamic quantization, or convert the model to a later opset first.");
        }

        var targets = Lower(proto.Graph, options);
        var ranges = ActivationRanges.Measure(proto, [.. targets.SelectMany(t => new[] { t.Node.Input[0], t.Node.Output[0] }).Distinct()], calibration, options);
        InsertQdq(proto.Graph, targets, ranges, options);
        GraphConstants.RemoveUnused(proto.Graph);
        return (proto.ToByteArray(), targets.Count);
    }

    // Gemm → MatMul with an [K, N] weight (+ Add of the bias), so every target is a plain MatMul whose output is the product to calibrate.
    private static List<Target> Lower(GraphProto graph, QuantizationOptions options)
    {
        var constants = GraphConstants.Of(graph);
        var nodes = new List<NodeProto>();
        var targets = new List<Target>();
        foreach (var node in graph.Node)
        {
            if (WeightPlan.Of(node, constants, options) is not { } plan)
            {
                nodes.Add(node);
                continue;
            }

            var prefix = string.IsNullOrEmpty(node.Name) ? node.Output[0] : node.Name;
            var product = plan.Bias is null ? node.Output[0] : $"{prefix}_product";
            var weight = plan.Weight.Name;
            if (plan.Transposed)
            {
                // Calibration runs this float [K, N] copy; the int8 weight replaces it, and the clean-up removes it.
                var (floats, rows, columns) = plan.Matrix();
                weight = $"{plan.Weight.Name}_untransposed";
                graph.Initializer.Add(OnnxTensors.Float(weight, floats, rows, columns));
            }

            var matMul = QuantizingRewriter.Node("MatMul", $"{prefix}_matmul", [node.Input[0], weight], product);
            nodes.Add(matMul);
            if (plan.Bias is { } bias)
            {
                nodes.Add(QuantizingRewriter.Node("Add", $"{prefix}_bias", [product, bias], node.Output[0]));
            }

            targets.Add(new Target(matMul, node.Name, plan));
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        // A transposed weight's original is unread now; the calibration session would warn about it.
        GraphConstants.RemoveUnused(graph);
        return targets;
    }

    private static void InsertQdq(GraphProto graph, List<Target> targets, Dictionary<string, (float Min, float Max)> ranges, QuantizationOptions options)
    {
        var dequantized = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new List<NodeProto>();
        var byNode = targets.ToDictionary(t => t.Node);
        foreach (var node in graph.Node)
        {
            if (!byNode.TryGetValue(node, out var target))
            {
                nodes.Add(node);
                continue;
            }

            var input = node.Input[0];
            if (!dequantized.TryGetValue(input, out var inputDq))
            {
                inputDq = QuantizeDequantize(graph, nodes, input, $"{input}_dequantized", ranges[input]);
                dequantized[input] = inputDq;
            }

            var weightDq = DequantizedWeight(graph, nodes, target, options);
            var output = node.Output[0];
            node.Input[0] = inputDq;
            node.Input[1] = weightDq;
            node.Output[0] = $"{output}_float";
            nodes.Add(node);
            QuantizeDequantize(graph, nodes, node.Output[0], output, ranges[output]);
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
    }

    private static string QuantizeDequantize(GraphProto graph, List<NodeProto> nodes, string tensor, string output, (float Min, float Max) range)
    {
        var (scale, zeroPoint) = AsymmetricUInt8.Parameters(range.Min, range.Max);
        graph.Initializer.Add(OnnxTensors.Float($"{tensor}_scale", [scale]));
        graph.Initializer.Add(OnnxTensors.UInt8($"{tensor}_zero_point", [zeroPoint]));
        nodes.Add(QuantizingRewriter.Node("QuantizeLinear", $"{tensor}_quantize", [tensor, $"{tensor}_scale", $"{tensor}_zero_point"], $"{tensor}_quantized"));
        nodes.Add(QuantizingRewriter.Node("DequantizeLinear", $"{tensor}_dequantize", [$"{tensor}_quantized", $"{tensor}_scale", $"{tensor}_zero_point"], output));
        return output;
    }

    private static string DequantizedWeight(GraphProto graph, List<NodeProto> nodes, Target target, QuantizationOptions options)
    {
        var (floats, rows, columns) = target.Plan.Matrix();
        var range = options.WeightRanges.TryGetValue(target.OriginalName, out var r) ? r : (float?)null;
        var (values, scales) = SymmetricInt8.Quantize(floats, rows, columns, options.PerChannel, range,
            options.ReduceRange ? SymmetricInt8.ReducedLevels : SymmetricInt8.FullLevels);
        var name = $"{target.Node.Name}_weight";
        long[] channels = options.PerChannel ? [columns] : [];
        graph.Initializer.Add(OnnxTensors.Int8($"{name}_quantized", values, rows, columns));
        graph.Initializer.Add(OnnxTensors.Float($"{name}_scale", scales, channels));
        graph.Initializer.Add(OnnxTensors.Int8($"{name}_zero_point", new sbyte[scales.Length], channels));
        var dequantize = QuantizingRewriter.Node("DequantizeLinear", $"{name}_dequantize", [$"{name}_quantized", $"{name}_scale", $"{name}_zero_point"], $"{name}_dequantized");
        if (options.PerChannel)
        {
            dequantize.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        }

        nodes.Add(dequantize);
        return $"{name}_dequantized";
    }

    private sealed record Target(NodeProto Node, string OriginalName, WeightPlan Plan);
}
