using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>Rewrites one graph in place for <see cref="DynamicQuantizer"/>; <paramref name="fused"/> writes com.microsoft.DynamicQuantizeMatMul.</summary>
internal sealed class QuantizingRewriter(GraphProto graph, QuantizationOptions options, bool fused)
{
    // Exporters such as Paddle2ONNX write weights as Constant nodes rather than initializers: both are constants here.
    private readonly Dictionary<string, TensorProto> _initializers = graph.Initializer
        .Concat(graph.Node.Where(n => n.OpType == "Constant" && string.IsNullOrEmpty(n.Domain) && n.Output.Count == 1)
            .SelectMany(n => n.Attribute.Where(a => a.Name == "value" && a.T is not null).Select(a => Named(a.T, n.Output[0]))))
        .ToDictionary(i => i.Name, StringComparer.Ordinal);
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
        RemoveUnusedConstants();
    }

    private WeightPlan? Plan(NodeProto node)
    {
        if (node.OpType is not ("MatMul" or "Gemm") || !string.IsNullOrEmpty(node.Domain)
            || options.KeepFloatOpTypes.Contains(node.OpType) || options.KeepFloatNodes.Contains(node.Name)
            || node.Input.Count < 2 || !_initializers.TryGetValue(node.Input[1], out var weight) || !OnnxTensors.IsFloatMatrix(weight))
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
        var rows = (int)plan.Weight.Dims[plan.Transposed ? 1 : 0];
        var columns = (int)plan.Weight.Dims[plan.Transposed ? 0 : 1];
        var floats = OnnxTensors.Floats(plan.Weight);
        if (plan.Transposed)
        {
            floats = OnnxTensors.Transpose(floats, columns, rows);
        }

        var (values, scales) = SymmetricInt8.Quantize(floats, rows, columns, options.PerChannel, range,
            options.ReduceRange ? SymmetricInt8.ReducedLevels : SymmetricInt8.FullLevels);
        var name = $"{plan.Weight.Name}{(plan.Transposed ? "_transposed" : string.Empty)}{(range is null ? string.Empty : $"_range{_weights.Count}")}";
        var names = ($"{name}_quantized", $"{name}_scale", $"{name}_zero_point");
        long[] channels = options.PerChannel ? [columns] : [];
        graph.Initializer.Add(OnnxTensors.Int8(names.Item1, values, rows, columns));
        graph.Initializer.Add(OnnxTensors.Float(names.Item2, scales, channels));
        graph.Initializer.Add(OnnxTensors.Int8(names.Item3, new sbyte[scales.Length], channels));
        _weights[range is null ? key : (name, plan.Transposed)] = names;
        return names;
    }

    private void RemoveUnusedConstants()
    {
        var used = new HashSet<string>(_nodes.SelectMany(n => n.Input), StringComparer.Ordinal);
        used.UnionWith(graph.Output.Select(o => o.Name));
        foreach (var constant in graph.Node.Where(n => n.OpType == "Constant" && n.Output.Count == 1 && !used.Contains(n.Output[0])).ToList())
        {
            graph.Node.Remove(constant);
        }

        var unused = graph.Initializer.Where(i => !used.Contains(i.Name)).ToList();
        foreach (var initializer in unused)
        {
            graph.Initializer.Remove(initializer);
            // IR versions before 4 also list initializers as graph inputs.
            if (graph.Input.FirstOrDefault(i => i.Name == initializer.Name) is { } input)
            {
                graph.Input.Remove(input);
            }
        }
    }

    private static TensorProto Named(TensorProto tensor, string name)
    {
        var named = tensor.Clone();
        named.Name = name;
        return named;
    }

    private static NodeProto Node(string opType, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private sealed record WeightPlan(TensorProto Weight, bool Transposed, string? Bias);
}

