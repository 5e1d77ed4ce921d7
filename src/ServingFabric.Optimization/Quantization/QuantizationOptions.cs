namespace ServingFabric.Optimization.Quantization;

/// <summary>What <see cref="DynamicQuantizer"/> and <see cref="StaticQuantizer"/> quantize, and how.</summary>
public sealed record QuantizationOptions
{
    /// <summary>
    /// One scale per output channel (column of the weight) instead of one per weight tensor. Default false. Per-channel
    /// keeps small columns from being rounded to zero by one large column, at the price of a vector of scales.
    /// </summary>
    public bool PerChannel { get; init; }

    /// <summary>
    /// Weights in [-63, 63] (7 bits) instead of [-127, 127]. Default false. CPUs without VNNI multiply u8 x s8 with
    /// 16-bit intermediate sums (vpmaddubsw) that can saturate with full-range weights; ONNX Runtime's Python quantizer
    /// has the same switch (reduce_range). This machine's CPU has VNNI, so the default is full range.
    /// </summary>
    public bool ReduceRange { get; init; }

    /// <summary>Operator types left in float, such as "Gemm". Default none.</summary>
    public IReadOnlySet<string> KeepFloatOpTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Node names left in float: a sensitive first or last layer. Default none.</summary>
    public IReadOnlySet<string> KeepFloatNodes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// By node name, the largest absolute weight the int8 range covers instead of the weight's own maximum; larger
    /// weights saturate. Clipping a few outliers can help a layer; a wrong range ruins it. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, float> WeightRanges { get; init; } = new Dictionary<string, float>(StringComparer.Ordinal);

    /// <summary>
    /// Static quantization: leave depthwise Conv (one input channel per group) in float. Default true. Measured on this
    /// project's CPU (AVX-512 VNNI, ONNX Runtime 1.31) with the PaddleOCR classifier, ONNX Runtime's int8 depthwise
    /// QLinearConv took about five times the float NCHWc kernel's time on 5×5 filters, so quantizing them made the
    /// model slower; pointwise and full convolutions gain from int8.
    /// </summary>
    public bool KeepDepthwiseConvFloat { get; init; } = true;

    /// <summary>Static quantization: how activation ranges are chosen from the calibration set. Default <see cref="CalibrationMethod.MinMax"/>.</summary>
    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.MinMax;

    /// <summary>Static quantization with <see cref="CalibrationMethod.Percentile"/>: the percentile kept in range. Default 99.99.</summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>Whether <paramref name="node"/> stays in float, by its operator type or its name.</summary>
    internal bool KeepsFloat(Onnx.NodeProto node) => KeepFloatOpTypes.Contains(node.OpType) || KeepFloatNodes.Contains(node.Name);
}
