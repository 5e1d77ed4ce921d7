using Google.Protobuf;
using Onnx;

namespace ServingFabric.Optimization.Graph;

/// <summary>
/// Carries a model's default-domain opset (7 to 12) to 13, which static QDQ quantization needs (QuantizeLinear and
/// DequantizeLinear from 10, per-channel DequantizeLinear from 13). Only operators whose meaning it knows are carried:
/// the ones unchanged between their version and 13 as they are, the ones whose signature changed rewritten into the
/// opset-13 form with identical results (<see cref="OpsetConversions"/>). Any other operator, a subgraph (If, Loop,
/// Scan) or an opset below 7 (legacy broadcasting) refuses the whole model with a message naming what stopped it.
/// Operators of other domains (ai.onnx.ml, com.microsoft) have opsets of their own and are left as they are.
/// </summary>
public static class OpsetUpgrader
{
    /// <summary>The opset the upgrader writes.</summary>
    public const long TargetOpset = 13;

    /// <summary>The lowest opset it reads: opset 7 replaced the broadcast/axis attributes of arithmetic operators with NumPy broadcasting.</summary>
    public const long MinSourceOpset = 7;

    /// <summary>The IR version that introduced opset 13.</summary>
    private const long MinIrVersion = 7;

    // Operators whose every change between opset 7 and 13 only added types or defined what was undefined before
    // (negative axes or indices, a default equal to the old behaviour), so a node valid at its opset means the same at 13.
    private static readonly HashSet<string> Unchanged = new(StringComparer.Ordinal)
    {
        "Abs", "Acos", "Add", "And", "ArgMax", "ArgMin", "Asin", "Atan", "AveragePool", "Cast", "Ceil", "Concat", "Constant",
        "ConstantOfShape", "Conv", "Cos", "DepthToSpace", "Div", "Elu", "Equal", "Erf", "Exp", "Expand", "Flatten", "Floor",
        "Gather", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "Greater", "HardSigmoid", "Identity", "InstanceNormalization",
        "IsNaN", "LeakyRelu", "Less", "Log", "LpNormalization", "LRN", "MatMul", "Max", "MaxPool", "Mean", "Min", "Mul", "Neg",
        "NonZero", "Not", "Or", "Pow", "PRelu", "Reciprocal", "ReduceL1", "ReduceL2", "ReduceLogSumExp", "ReduceMax",
        "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSumSquare", "Relu", "Reshape", "Selu", "Shape", "Sigmoid", "Sign",
        "Sin", "Size", "Softplus", "Softsign", "SpaceToDepth", "Sqrt", "Sub", "Sum", "Tan", "Tanh", "Tile", "Transpose",
        "Where", "Xor",
    };

    /// <summary>The model at opset 13 (a copy), or the model's own bytes when it already imports 13 or later.</summary>
    /// <exception cref="InvalidOperationException">An operator, subgraph or opset the upgrader cannot carry; the message names it.</exception>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not an ONNX model.</exception>
    public static byte[] Upgrade(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var proto = ModelProto.Parser.ParseFrom(model);
        return SourceOpset(proto) >= TargetOpset ? model : Upgrade(proto).ToByteArray();
    }

    /// <summary>The model at opset 13; <paramref name="model"/> is not changed.</summary>
    /// <exception cref="InvalidOperationException">An operator, subgraph or opset the upgrader cannot carry; the message names it.</exception>
    public static ModelProto Upgrade(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var opset = SourceOpset(model);
        var upgraded = model.Clone();
        if (opset >= TargetOpset)
        {
            return upgraded;
        }

        if (opset < MinSourceOpset)
        {
            throw new InvalidOperationException($"The model imports opset {opset}; the upgrader reads opset {MinSourceOpset} to {TargetOpset - 1} (opset {MinSourceOpset} replaced legacy broadcasting). Re-export the model at opset {TargetOpset}.");
        }

        var graph = upgraded.Graph ?? throw new InvalidOperationException("The model has no graph.");
        Refuse(graph, opset);
        var conversions = new OpsetConversions(graph, opset);
        var nodes = new List<NodeProto>(graph.Node.Count);
        foreach (var node in graph.Node)
        {
            nodes.AddRange(IsDefaultDomain(node) && !Unchanged.Contains(node.OpType) ? conversions.Convert(node) : [node]);
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        foreach (var import in upgraded.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain)))
        {
            import.Version = TargetOpset;
        }

        upgraded.IrVersion = Math.Max(upgraded.IrVersion, MinIrVersion);
        return upgraded;
    }

    private static long SourceOpset(ModelProto model) =>
        model.OpsetImport.FirstOrDefault(o => string.IsNullOrEmpty(o.Domain))?.Version
        ?? throw new InvalidOperationException("The model imports no default-domain (ai.onnx) opset.");

    private static void Refuse(GraphProto graph, long opset)
    {
        var unknown = graph.Node
            .Where(n => IsDefaultDomain(n) && (n.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0)
                || !(Unchanged.Contains(n.OpType) || OpsetConversions.Converts(n.OpType))
                || n.Output.Count == 0 || (OpsetConversions.Converts(n.OpType) && n.Input.Count == 0)))
            .Select(n => $"{n.OpType} (node '{n.Name}')")
            .Distinct()
            .ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"The model cannot be upgraded from opset {opset} to {TargetOpset}: no conversion with identical semantics is known for {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? $" and {unknown.Count - 5} more" : string.Empty)}. Re-export the model at opset {TargetOpset}, or use dynamic quantization.");
        }
    }

    private static bool IsDefaultDomain(NodeProto node) => string.IsNullOrEmpty(node.Domain) || node.Domain == "ai.onnx";
}
