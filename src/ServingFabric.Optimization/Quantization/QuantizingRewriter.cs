using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>Rewrites one graph in place for <see cref="DynamicQuantizer"/>; <paramref name="fused"/> writes com.microsoft.DynamicQuantizeMatMul.</summary>
internal sealed class QuantizingRewriter(GraphProto graph, QuantizationOptions options, bool fused)
{
    private readonly Dictionary<string, TensorProto> _initializers = GraphConstants.Of(graph);
    private readonly Dictionary<string, (string Values, string Scale, string ZeroPoint)> _activations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Weight, bool Transposed), (string Values, string Scale, string ZeroPoint)> _weights = [];
    private readonly List<NodeProto> _nodes = [];

    public int QuantizedNodes { get; private set; }

    public void Run()
    {
        foreach (var node in graph.Node)
        {
            if (Plan(node) is { } plan)
            {
                Rewrite(node, plan);
                QuantizedNodes++;
            }
            else
            {
                _nodes.Add(node);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(_nodes);
        GraphConstants.RemoveUnused(graph);
    }

    private WeightPlan? Plan(NodeProto node) => WeightPlan.Of(node, _initializers, options);

    private void Rewrite(NodeProto node, WeightPlan plan)
    {
        var prefix = string.IsNullOrEmpty(node.Name) ? node.Output[0] : node.Name;
        var weight = QuantizeWeight(plan, options.WeightRanges.TryGetValue(node.Name, out var range) ? range : null);
        var output = plan.Bias is null ? node.Output[0] : $"{prefix}_product";
        if (fused)
        {
            var matMul = Node("DynamicQuantizeMatMul", $"{prefix}_dynamic_quantize_matmul", [node.Input[0], weight.Values, weight.Scale, weight.ZeroPoint], output);
            matMul.Domain = DynamicQuantizer.MicrosoftDomain;
            _nodes.Add(matMul);
        }
        else
        {
            Unfused(node.Input[0], weight, prefix, output);
        }

        if (plan.Bias is { } bias)
        {
            _nodes.Add(Node("Add", $"{prefix}_bias", [output, bias], node.Output[0]));
        }
    }

    private void Unfused(string input, (string Values, string Scale, string ZeroPoint) weight, string prefix, string output)
    {
        var activation = QuantizeActivation(input);
        var scale = $"{prefix}_scale";
        var integer = $"{prefix}_int32";
        var floats = $"{prefix}_float";
        _nodes.Add(Node("Mul", $"{prefix}_scale_mul", [activation.Scale, weight.Scale], scale));
        _nodes.Add(Node("MatMulInteger", $"{prefix}_matmul_integer", [activation.Values, weight.Values, activation.ZeroPoint, weight.ZeroPoint], integer));
        var cast = Node("Cast", $"{prefix}_cast", [integer], floats);
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        _nodes.Add(cast);
        _nodes.Add(Node("Mul", $"{prefix}_rescale", [floats, scale], output));
    }

    private (string Values, string Scale, string ZeroPoint) QuantizeActivation(string input)
    {
        // One DynamicQuantizeLinear per activation, however many layers read it.
        if (!_activations.TryGetValue(input, out var quantized))
        {
            quantized = ($"{input}_quantized", $"{input}_quantized_scale", $"{input}_quantized_zero_point");
            var node = Node("DynamicQuantizeLinear", $"{input}_dynamic_quantize", [input], quantized.Values);
            node.Output.Add(quantized.Scale);
            node.Output.Add(quantized.ZeroPoint);
            _nodes.Add(node);
            _activations[input] = quantized;
        }

        return quantized;
    }

    private (string Values, string Scale, string ZeroPoint) QuantizeWeight(WeightPlan plan, float? range)
    {
        var key = (plan.Weight.Name, plan.Transposed);
        if (range is null && _weights.TryGetValue(key, out var existing))
        {
            return existing;
        }

        // MatMulInteger computes A·B, so Gemm's transposed B is stored untransposed: [K, N] with channels on axis 1.
        var (floats, rows, columns) = plan.Matrix();
        var (values, scales) = SymmetricInt8.Quantize(floats, rows, columns, options.PerChannel, range, options.WeightLevels, options.AvoidsPairSaturation);
        var name = $"{plan.Weight.Name}{(plan.Transposed ? "_transposed" : string.Empty)}{(range is null ? string.Empty : $"_range{_weights.Count}")}";
        var names = ($"{name}_quantized", $"{name}_scale", $"{name}_zero_point");
        long[] channels = options.PerChannel ? [columns] : [];
        graph.Initializer.Add(OnnxTensors.Int8(names.Item1, values, rows, columns));
        graph.Initializer.Add(OnnxTensors.Float(names.Item2, scales, channels));
        graph.Initializer.Add(OnnxTensors.Int8(names.Item3, new sbyte[scales.Length], channels));
        _weights[range is null ? key : (name, plan.Transposed)] = names;
        return names;
    }

    internal static NodeProto Node(string opType, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

}

