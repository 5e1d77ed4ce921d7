using Google.Protobuf;
using Onnx;
using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Static int8 quantization of Conv, MatMul and Gemm in the QDQ form, with activation ranges calibrated on a data set.
/// A model below opset 13 (per-channel DequantizeLinear) is first carried to 13 by <see cref="OpsetUpgrader"/>, which
/// refuses what it cannot carry exactly; ONNX Runtime's basic optimizer then folds BatchNormalization, Add and Mul into
/// the Conv before them, so the quantized Conv computes what the float graph did. Gemm is lowered to MatMul (+ Add of
/// its bias, kept in float). The FP32 model runs over the calibration set with every target's input and output exposed,
/// and <see cref="QdqWriter"/> surrounds each target with QuantizeLinear/DequantizeLinear: uint8 asymmetric
/// activations, int8 symmetric weights per tensor or per output channel, Conv's bias int32. ONNX Runtime fuses the
/// pattern into QLinearConv and QLinearMatMul when it loads the model.
/// </summary>
public static class StaticQuantizer
{
    /// <summary>The quantized model's bytes (at opset 13 or later) and how many Conv/MatMul/Gemm nodes were quantized.</summary>
    /// <exception cref="InvalidOperationException">The model's opset is below 13 and it cannot be upgraded; the message names the operator.</exception>
    public static (byte[] Model, int QuantizedNodes) Quantize(byte[] model, EvaluationSet calibration, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        var folded = OfflineGraphOptimizer.Optimize(OpsetUpgrader.Upgrade(model), GraphLevel.Basic);
        var proto = ModelProto.Parser.ParseFrom(folded);
        var targets = Lower(proto.Graph, options);
        if (targets.Count == 0)
        {
            return (folded, 0);
        }

        var ranges = ActivationRanges.Measure(proto, [.. targets.SelectMany(t => new[] { t.Node.Input[0], t.QuantizedOutput }).Distinct()], calibration, options);
        new QdqWriter(proto.Graph, ranges, options).Run(targets);
        GraphConstants.RemoveUnused(proto.Graph);
        return (proto.ToByteArray(), targets.Count);
    }

    // Gemm → MatMul with an [K, N] weight (+ Add of the bias), so every matrix target is a plain MatMul whose output is
    // the product to calibrate; a Conv is a target as it is.
    private static List<QdqTarget> Lower(GraphProto graph, QuantizationOptions options)
    {
        var constants = GraphConstants.Of(graph);
        var nodes = new List<NodeProto>();
        var targets = new List<QdqTarget>();
        foreach (var node in graph.Node)
        {
            nodes.Add(node);
            if (ConvPlan.Of(node, constants, options) is { } conv)
            {
                targets.Add(QdqTarget.Conv(node, conv, graph));
                continue;
            }

            if (WeightPlan.Of(node, constants, options) is not { } plan)
            {
                continue;
            }

            nodes.RemoveAt(nodes.Count - 1);
            var prefix = string.IsNullOrEmpty(node.Name) ? node.Output[0] : node.Name;
            var product = plan.Bias is null ? node.Output[0] : $"{prefix}_product";
            var matMul = QuantizingRewriter.Node("MatMul", $"{prefix}_matmul", [node.Input[0], plan.Transposed ? Untransposed(graph, plan) : plan.Weight.Name], product);
            nodes.Add(matMul);
            if (plan.Bias is { } bias)
            {
                nodes.Add(QuantizingRewriter.Node("Add", $"{prefix}_bias", [product, bias], node.Output[0]));
            }

            targets.Add(QdqTarget.MatMul(matMul, node.Name, plan));
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        // A transposed weight's original is unread now; the calibration session would warn about it.
        GraphConstants.RemoveUnused(graph);
        return targets;
    }

    // Calibration runs this float [K, N] copy; the int8 weight replaces it, and the clean-up removes it.
    private static string Untransposed(GraphProto graph, WeightPlan plan)
    {
        var (floats, rows, columns) = plan.Matrix();
        var name = $"{plan.Weight.Name}_untransposed";
        graph.Initializer.Add(OnnxTensors.Float(name, floats, rows, columns));
        return name;
    }
}
