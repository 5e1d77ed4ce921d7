using ServingFabric.Tensors;

namespace ServingFabric.Inference;

/// <summary>The answer to an <see cref="InferenceRequest"/>.</summary>
/// <param name="Id">The request id, echoed.</param>
/// <param name="ModelName">The model that ran.</param>
/// <param name="ModelVersion">The version that ran.</param>
/// <param name="Outputs">The output tensors, in the order requested (model order when all were).</param>
/// <param name="Parameters">Response parameters, raw JSON values.</param>
[GenerateSerializer, Immutable, Alias("sf.InferenceResponse")]
public sealed record InferenceResponse(
    [property: Id(0)] string Id,
    [property: Id(1)] string ModelName,
    [property: Id(2)] string ModelVersion,
    [property: Id(3)] IReadOnlyList<Tensor> Outputs,
    [property: Id(4)] IReadOnlyDictionary<string, string>? Parameters = null);
