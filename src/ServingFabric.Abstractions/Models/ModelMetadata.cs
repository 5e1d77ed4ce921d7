namespace ServingFabric.Models;

/// <summary>
/// What a loaded model version accepts and returns. Shapes include the batch dimension as the engine reports it
/// (-1 when symbolic).
/// </summary>
/// <param name="Name">Model name.</param>
/// <param name="Version">The version this metadata describes.</param>
/// <param name="Platform">The engine's platform name, for example <c>onnxruntime_onnx</c>.</param>
/// <param name="Inputs">Inputs in model order.</param>
/// <param name="Outputs">Outputs in model order.</param>
/// <param name="MaxBatchSize">The largest first dimension accepted; 0 when the model does not batch.</param>
[GenerateSerializer, Immutable, Alias("sf.ModelMetadata")]
public sealed record ModelMetadata(
    [property: Id(0)] string Name,
    [property: Id(1)] string Version,
    [property: Id(2)] string Platform,
    [property: Id(3)] IReadOnlyList<TensorMetadata> Inputs,
    [property: Id(4)] IReadOnlyList<TensorMetadata> Outputs,
    [property: Id(5)] int MaxBatchSize);
