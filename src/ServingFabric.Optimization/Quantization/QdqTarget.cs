using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// A node the static quantizer surrounds with QuantizeLinear/DequantizeLinear: its float weight with the axis of its
/// output channels (1 for MatMul's [K, N], 0 for Conv's [M, C/group, k…]), for Conv the bias that becomes int32, and
/// the Relu that alone reads a Conv's output: its output is the one quantized, over [0, max] (twice the steps of the
/// Conv's own signed range), and ONNX Runtime drops a Relu before a QuantizeLinear whose zero point is 0.
/// </summary>
internal sealed record QdqTarget(NodeProto Node, string OriginalName, float[] Weight, long[] WeightDims, int ChannelAxis, float[]? Bias)
{
    public int Channels => (int)WeightDims[ChannelAxis];

    public NodeProto? Relu { get; init; }

    /// <summary>The tensor quantized after the node: the Relu's output, or the node's own.</summary>
    public string QuantizedOutput => (Relu ?? Node).Output[0];

    public static QdqTarget MatMul(NodeProto matMul, string originalName, WeightPlan plan)
    {
        var (floats, rows, columns) = plan.Matrix();
        return new QdqTarget(matMul, originalName, floats, [rows, columns], ChannelAxis: 1, Bias: null);
    }

    public static QdqTarget Conv(NodeProto conv, ConvPlan plan, GraphProto graph)
    {
        var readers = graph.Node.Where(n => n.Input.Contains(conv.Output[0])).Take(2).ToList();
        var relu = readers is [{ OpType: "Relu", Domain: "" } only] && graph.Output.All(o => o.Name != conv.Output[0]) ? only : null;
        return new(conv, conv.Name, OnnxTensors.Floats(plan.Weight), [.. plan.Weight.Dims], ChannelAxis: 0, plan.Bias is null ? null : OnnxTensors.Floats(plan.Bias))
        {
            Relu = relu,
        };
    }
}
