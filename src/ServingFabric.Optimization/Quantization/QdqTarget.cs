using Onnx;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// A node the static quantizer surrounds with QuantizeLinear/DequantizeLinear: its float weight with the axis of its
/// output channels (1 for MatMul's [K, N], 0 for Conv's [M, C/group, k…]) and, for Conv, the bias that becomes int32.
/// </summary>
internal sealed record QdqTarget(NodeProto Node, string OriginalName, float[] Weight, long[] WeightDims, int ChannelAxis, float[]? Bias)
{
    public int Channels => (int)WeightDims[ChannelAxis];

    public static QdqTarget MatMul(NodeProto matMul, string originalName, WeightPlan plan)
    {
        var (floats, rows, columns) = plan.Matrix();
        return new QdqTarget(matMul, originalName, floats, [rows, columns], ChannelAxis: 1, Bias: null);
    }

    public static QdqTarget Conv(NodeProto conv, ConvPlan plan) =>
        new(conv, conv.Name, OnnxTensors.Floats(plan.Weight), [.. plan.Weight.Dims], ChannelAxis: 0, plan.Bias is null ? null : OnnxTensors.Floats(plan.Bias));
}
