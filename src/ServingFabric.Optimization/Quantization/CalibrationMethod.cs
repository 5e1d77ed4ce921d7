namespace ServingFabric.Optimization.Quantization;

/// <summary>How <see cref="StaticQuantizer"/> turns the activations seen on the calibration set into an int8 range.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen: nothing saturates, but one outlier widens every step.</summary>
    MinMax,

    /// <summary>The values at <see cref="QuantizationOptions.Percentile"/> and its mirror: rare outliers saturate, the rest get finer steps.</summary>
    Percentile,
}
