using Onnx;
using ServingFabric.Optimization.Quantization;

namespace ServingFabric.Optimization.Graph;

/// <summary>
/// The opset-13 form of the operators whose signature changed between opset 7 and 13, for <see cref="OpsetUpgrader"/>:
/// attributes that became inputs (Clip, Squeeze, Unsqueeze, Slice, Pad, Split, ReduceSum), Softmax's family whose
/// pre-13 axis flattened the input, Dropout (an identity in inference) and BatchNormalization's retired spatial attribute.
/// </summary>
internal sealed class OpsetConversions(GraphProto graph, long opset)
{
    private static readonly HashSet<string> Flattening = new(StringComparer.Ordinal) { "Softmax", "LogSoftmax", "Hardmax" };

    private readonly HashSet<string> _names = AllNames(graph);

    public static bool Converts(string opType) => opType is "Clip" or "Squeeze" or "Unsqueeze" or "Slice" or "Pad" or "Split"
        or "ReduceSum" or "Dropout" or "BatchNormalization" || Flattening.Contains(opType);

    /// <summary>The nodes that replace <paramref name="node"/> at opset 13 (the node itself, changed in place, where that is enough).</summary>
    public IReadOnlyList<NodeProto> Convert(NodeProto node) => node.OpType switch
    {
        "Clip" when opset < 11 => [Clip(node)],
        "Slice" when opset < 10 => [AttributesToInputs(node, ("starts", true), ("ends", true), ("axes", false))],
        "Pad" when opset < 11 => [Pad(node)],
        "Squeeze" or "Unsqueeze" or "ReduceSum" => [AttributesToInputs(node, ("axes", false))],
        "Split" => [AttributesToInputs(node, ("split", false))],
        "Dropout" => [Dropout(node)],
        "BatchNormalization" => [BatchNormalization(node)],
        _ when Flattening.Contains(node.OpType) => Flattened(node),
        _ => [node],
    };

    // Clip-6's min and max attributes (defaults: the float range) become the optional scalar inputs of Clip-11.
    private NodeProto Clip(NodeProto node)
    {
        var min = Take(node, "min");
        var max = Take(node, "max");
        node.Input.Add(min is null ? string.Empty : Constant(node, "min", OnnxTensors.Float(string.Empty, [min.F])));
        node.Input.Add(max is null ? string.Empty : Constant(node, "max", OnnxTensors.Float(string.Empty, [max.F])));
        TrimEmptyInputs(node);
        return node;
    }

    // Pad-2's pads and value attributes become Pad-11's pads input (int64) and constant_value input; mode stays an attribute.
    private NodeProto Pad(NodeProto node)
    {
        var pads = Take(node, "pads") ?? throw Refusal(node, "it has no pads attribute");
        var value = Take(node, "value");
        node.Input.Add(Constant(node, "pads", OnnxTensors.Int64(string.Empty, [.. pads.Ints], pads.Ints.Count)));
        if (value is not null && value.F != 0)
        {
            node.Input.Add(Constant(node, "constant_value", OnnxTensors.Float(string.Empty, [value.F])));
        }

        return node;
    }

    // Integer-list attributes that became int64 inputs, in input order; an absent optional one leaves its input empty.
    private NodeProto AttributesToInputs(NodeProto node, params (string Name, bool Required)[] attributes)
    {
        foreach (var (name, required) in attributes)
        {
            var attribute = Take(node, name);
            if (attribute is null && required)
            {
                throw Refusal(node, $"it has no {name} attribute");
            }

            node.Input.Add(attribute is null ? string.Empty : Constant(node, name, OnnxTensors.Int64(string.Empty, [.. attribute.Ints], attribute.Ints.Count)));
        }

        TrimEmptyInputs(node);
        return node;
    }

    // Inference ignores the ratio: Dropout is Y = X, as long as nothing reads its mask.
    private NodeProto Dropout(NodeProto node)
    {
        if (node.Output.Count > 1 && IsRead(node.Output[1]))
        {
            throw Refusal(node, "its mask output is read, which only training defines");
        }

        if (node.Input.Count > 2 && !string.IsNullOrEmpty(node.Input[2]))
        {
            throw Refusal(node, "it has a training_mode input, which may switch dropout on");
        }

        return QuantizingRewriter.Node("Identity", node.Name, [node.Input[0]], node.Output[0]);
    }

    // Opset 9 dropped spatial (always 1 since); the training outputs mean the node is not an inference one.
    private NodeProto BatchNormalization(NodeProto node)
    {
        if (Take(node, "spatial") is { I: 0 })
        {
            throw Refusal(node, "spatial = 0 (per-activation statistics) has no opset-13 form");
        }

        if (node.Output.Skip(1).Any(IsRead))
        {
            throw Refusal(node, "its running-statistics outputs are read, which only training defines");
        }

        return node;
    }

    // Before 13 these ops flattened the input to 2-D at axis and normalized over the whole second part; from 13 they
    // work along one axis. Both agree when axis is the last one; otherwise Flatten → op(axis 1) → Reshape back is exact.
    private IReadOnlyList<NodeProto> Flattened(NodeProto node)
    {
        var axis = Take(node, "axis")?.I ?? 1;
        var rank = KnownRank(node.Input[0]) ?? KnownRank(node.Output[0]);
        if (axis == -1 || (rank is { } r && axis == r - 1))
        {
            node.Attribute.Add(IntAttribute("axis", -1));
            return [node];
        }

        var prefix = Prefix(node);
        var flattened = Unique($"{prefix}_flattened");
        var shape = Unique($"{prefix}_input_shape");
        var normalized = Unique($"{prefix}_2d");
        var flatten = QuantizingRewriter.Node("Flatten", Unique($"{prefix}_flatten"), [node.Input[0]], flattened);
        flatten.Attribute.Add(IntAttribute("axis", axis));
        var op = QuantizingRewriter.Node(node.OpType, node.Name, [flattened], normalized);
        op.Attribute.Add(IntAttribute("axis", 1));
        return
        [
            flatten,
            QuantizingRewriter.Node("Shape", Unique($"{prefix}_shape"), [node.Input[0]], shape),
            op,
            QuantizingRewriter.Node("Reshape", Unique($"{prefix}_reshape"), [normalized, shape], node.Output[0]),
        ];
    }

    private int? KnownRank(string tensor) => graph.Input.Concat(graph.ValueInfo).Concat(graph.Output)
        .FirstOrDefault(v => v.Name == tensor && v.Type?.TensorType?.Shape is not null)?.Type.TensorType.Shape.Dim.Count;

    private bool IsRead(string tensor) => !string.IsNullOrEmpty(tensor)
        && (graph.Node.Any(n => n.Input.Contains(tensor)) || graph.Output.Any(o => o.Name == tensor));

    private string Constant(NodeProto node, string what, TensorProto value)
    {
        value.Name = Unique($"{Prefix(node)}_{what}");
        graph.Initializer.Add(value);
        return value.Name;
    }

    private string Unique(string name)
    {
        var unique = name;
        for (var n = 1; !_names.Add(unique); n++)
        {
            unique = $"{name}_{n}";
        }

        return unique;
    }

    private static string Prefix(NodeProto node) => string.IsNullOrEmpty(node.Name) ? node.Output[0] : node.Name;

    private static AttributeProto? Take(NodeProto node, string name)
    {
        var attribute = node.Attribute.FirstOrDefault(a => a.Name == name);
        if (attribute is not null)
        {
            node.Attribute.Remove(attribute);
        }

        return attribute;
    }

    private static void TrimEmptyInputs(NodeProto node)
    {
        while (node.Input.Count > 0 && string.IsNullOrEmpty(node.Input[^1]))
        {
            node.Input.RemoveAt(node.Input.Count - 1);
        }
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private InvalidOperationException Refusal(NodeProto node, string why) =>
        new($"The model cannot be upgraded from opset {opset} to {OpsetUpgrader.TargetOpset}: {node.OpType} node '{node.Name}' cannot be carried: {why}.");

    private static HashSet<string> AllNames(GraphProto graph)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        names.UnionWith(graph.Input.Concat(graph.Output).Concat(graph.ValueInfo).Select(v => v.Name));
        names.UnionWith(graph.Initializer.Select(i => i.Name));
        names.UnionWith(graph.Node.SelectMany(n => n.Output.Append(n.Name)));
        return names;
    }
}
