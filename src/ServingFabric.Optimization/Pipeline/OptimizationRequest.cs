using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;
using ServingFabric.Optimization.Quantization;

namespace ServingFabric.Optimization.Pipeline;

/// <summary>What <see cref="ModelOptimizer"/> does to a model, and what the result must keep.</summary>
public sealed record OptimizationRequest
{
    /// <summary>Quantize MatMul/Gemm weights to int8 with these options; null keeps float weights. Default null.</summary>
    public QuantizationOptions? Quantization { get; init; }

    /// <summary>Dynamic or static (calibrated) quantization, when <see cref="Quantization"/> is set. Default <see cref="QuantizationMode.Dynamic"/>.</summary>
    public QuantizationMode Mode { get; init; } = QuantizationMode.Dynamic;

    /// <summary>Static quantization's calibration set; null calibrates on <see cref="Evaluation"/> (which then grades its own calibration: give a separate set where you have one). Default null.</summary>
    public EvaluationSet? Calibration { get; init; }

    /// <summary>The offline graph optimization level. Default <see cref="GraphLevel.Basic"/>, the portable one.</summary>
    public GraphLevel Level { get; init; } = GraphLevel.Basic;

    /// <summary>The set the accuracy gate runs both models on.</summary>
    public required EvaluationSet Evaluation { get; init; }

    /// <summary>Default: <see cref="GateOptions"/>' defaults.</summary>
    public GateOptions Gate { get; init; } = new();

    /// <summary>Loads timed per model for the load-time figures (median); 0 skips timing. Default 5.</summary>
    public int LoadTimings { get; init; } = 5;
}
