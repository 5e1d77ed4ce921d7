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
    /// True: weights in [-63, 63] (7 bits) instead of [-127, 127], ONNX Runtime's Python quantizer's reduce_range.
    /// False: full range. Null (the default) decides by the CPU that quantizes and gates the candidate: x64 CPUs without
    /// VNNI multiply u8 × s8 with 16-bit pairwise sums (vpmaddubsw) that full-range weights can saturate, so there each
    /// layer keeps as much of the full range as its weights allow without a pair saturating (7 bits at worst,
    /// <see cref="Int8Cpu"/>); with VNNI, full range. A candidate made on a VNNI CPU is best served on VNNI CPUs.
    /// </summary>
    public bool? ReduceRange { get; init; }

    /// <summary>The levels weights are quantized to (127 or 63).</summary>
    internal float WeightLevels => ReduceRange == true ? SymmetricInt8.ReducedLevels : SymmetricInt8.FullLevels;

    /// <summary>Whether each layer's levels are lowered as far as needed (not further) to keep this CPU's int8 sums from saturating.</summary>
    internal bool AvoidsPairSaturation => ReduceRange is null && Int8Cpu.SaturatesFullRangeWeights;

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
