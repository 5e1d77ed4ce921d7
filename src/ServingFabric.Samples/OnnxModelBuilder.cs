using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using ServingFabric.Tensors;

namespace ServingFabric.Samples;

/// <summary>
/// Writes small ONNX graphs in code, so tests, demos and benchmarks know every weight and failure exactly.
/// Dimensions given as -1 become symbolic: the first is named <see cref="BatchDimension"/>.
/// </summary>
public sealed class OnnxModelBuilder
{
    /// <summary>The dim_param of the first symbolic dimension, the batch dimension by convention.</summary>
    public const string BatchDimension = "batch";

    /// <summary>The lowest opset accepted: opset 13 fixed Softmax to one axis and added BF16 to most operators.</summary>
    public const int MinOpset = 13;

    /// <summary>The highest opset accepted: the last one IR version 8 can carry.</summary>
    public const int MaxOpset = 18;

    private const long IrVersion = 8;

    private readonly GraphProto _graph;
    private readonly int _opset;
    private int _nodeCount;

    /// <summary>Starts an empty graph.</summary>
    /// <param name="graphName">The graph's name, shown by tools such as Netron.</param>
    /// <param name="opset">The default-domain opset, 13 to 18.</param>
    public OnnxModelBuilder(string graphName = "graph", int opset = MinOpset)
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        if (opset is < MinOpset or > MaxOpset)
        {
            throw new ArgumentOutOfRangeException(nameof(opset), opset, $"opset must be {MinOpset} to {MaxOpset}; IR version {IrVersion} carries no later opset.");
        }

        _graph = new GraphProto { Name = graphName };
        _opset = opset;
    }

    /// <summary>Declares a graph input; -1 dimensions are symbolic.</summary>
    public OnnxModelBuilder AddInput(string name, TensorDataType dataType, params long[] shape)
    {
        _graph.Input.Add(OnnxTypes.ValueInfo(name, dataType, shape));
        return this;
    }

    /// <summary>Declares a graph output; -1 dimensions are symbolic.</summary>
    public OnnxModelBuilder AddOutput(string name, TensorDataType dataType, params long[] shape)
    {
        _graph.Output.Add(OnnxTypes.ValueInfo(name, dataType, shape));
        return this;
    }

    /// <summary>Adds a constant FP32 tensor (weights, biases), stored as raw little-endian bytes.</summary>
    public OnnxModelBuilder AddInitializer(string name, long[] shape, ReadOnlySpan<float> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (TensorShape.ElementCount(shape) != values.Length)
        {
            throw new ArgumentException($"Initializer '{name}' has shape [{TensorShape.Format(shape)}] but {values.Length} values.", nameof(values));
        }

        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)),
        };
        tensor.Dims.AddRange(shape);
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>Y = A·B + C (alpha = beta = 1), optionally with B transposed.</summary>
    public OnnxModelBuilder Gemm(string a, string b, string c, string output, bool transposeB = false)
    {
        var node = AddNode("Gemm", [a, b, c], output);
        if (transposeB)
        {
            node.Attribute.Add(IntAttribute("transB", 1));
        }

        return this;
    }

    /// <summary>Y = max(X, 0).</summary>
    public OnnxModelBuilder Relu(string input, string output)
    {
        AddNode("Relu", [input], output);
        return this;
    }

    /// <summary>Softmax along <paramref name="axis"/>.</summary>
    public OnnxModelBuilder Softmax(string input, string output, long axis)
    {
        AddNode("Softmax", [input], output).Attribute.Add(IntAttribute("axis", axis));
        return this;
    }

    /// <summary>Index of the largest element along <paramref name="axis"/> (INT64; the first one on ties).</summary>
    public OnnxModelBuilder ArgMax(string input, string output, long axis, bool keepDims)
    {
        var node = AddNode("ArgMax", [input], output);
        node.Attribute.Add(IntAttribute("axis", axis));
        node.Attribute.Add(IntAttribute("keepdims", keepDims ? 1 : 0));
        return this;
    }

    /// <summary>Element-wise A + B with broadcasting.</summary>
    public OnnxModelBuilder Add(string a, string b, string output)
    {
        AddNode("Add", [a, b], output);
        return this;
    }

    /// <summary>Y = X, for any datatype: round-trip tests use it to prove bytes come back unchanged.</summary>
    public OnnxModelBuilder Identity(string input, string output)
    {
        AddNode("Identity", [input], output);
        return this;
    }

    /// <summary>Converts X to <paramref name="to"/>.</summary>
    public OnnxModelBuilder Cast(string input, string output, TensorDataType to)
    {
        AddNode("Cast", [input], output).Attribute.Add(IntAttribute("to", (long)OnnxTypes.ToOnnx(to)));
        return this;
    }

    /// <summary>The model as a protobuf message.</summary>
    public ModelProto Build()
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "ServingFabric",
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = _opset });
        return model;
    }

    /// <summary>The model as the bytes of a <c>model.onnx</c> file.</summary>
    public byte[] ToBytes() => Build().ToByteArray();

    private NodeProto AddNode(string opType, string[] inputs, string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nodeCount++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        _graph.Node.Add(node);
        return node;
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}
