using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>A graph's constant tensors, wherever the exporter put them, and their removal once nothing reads them.</summary>
internal static class GraphConstants
{
    /// <summary>Initializers and Constant nodes' values (Paddle2ONNX writes weights as Constant nodes), by tensor name.</summary>
    public static Dictionary<string, TensorProto> Of(GraphProto graph) => graph.Initializer
        .Concat(graph.Node.Where(n => n.OpType == "Constant" && string.IsNullOrEmpty(n.Domain) && n.Output.Count == 1)
            .SelectMany(n => n.Attribute.Where(a => a.Name == "value" && a.T is not null).Select(a => Named(a.T, n.Output[0]))))
        .ToDictionary(i => i.Name, StringComparer.Ordinal);

    /// <summary>Removes initializers and Constant nodes no node or graph output reads: the float weights a quantizer replaced.</summary>
    public static void RemoveUnused(GraphProto graph)
    {
        var used = new HashSet<string>(graph.Node.SelectMany(n => n.Input), StringComparer.Ordinal);
        used.UnionWith(graph.Output.Select(o => o.Name));
        foreach (var constant in graph.Node.Where(n => n.OpType == "Constant" && n.Output.Count == 1 && !used.Contains(n.Output[0])).ToList())
        {
            graph.Node.Remove(constant);
        }

        foreach (var initializer in graph.Initializer.Where(i => !used.Contains(i.Name)).ToList())
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
}
