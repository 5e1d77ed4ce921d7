namespace ServingFabric.Optimization.Quantization;

/// <summary>When activations get their int8 range.</summary>
public enum QuantizationMode
{
    /// <summary>Per batch, at run time (<see cref="DynamicQuantizer"/>): no calibration data, a little work per request.</summary>
    Dynamic,

    /// <summary>Once, from a calibration set (<see cref="StaticQuantizer"/>): no run-time range finding, but the set must look like production.</summary>
    Static,
}
