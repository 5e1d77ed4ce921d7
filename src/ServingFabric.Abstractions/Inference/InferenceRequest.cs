using ServingFabric.Tensors;

namespace ServingFabric.Inference;

/// <summary>
/// One inference request, as every front end (HTTP JSON, HTTP binary, gRPC, the .NET SDK) hands it to the fabric.
/// </summary>
/// <param name="Id">The caller's request id (echoed in the response); may be empty.</param>
/// <param name="ModelName">The model to run.</param>
/// <param name="ModelVersion">The version to run, or null for the router's choice.</param>
/// <param name="Inputs">Input tensors.</param>
/// <param name="Outputs">Requested outputs; null or empty means every output of the model.</param>
/// <param name="Parameters">Request parameters, each value kept as its raw JSON text.</param>
/// <param name="Deadline">When the caller stops waiting (UTC); a request still queued then is answered 504 and never run.</param>
/// <param name="RoutingKey">Sticky routing key (header x-fabric-routing-key), or null to use the request id.</param>
[GenerateSerializer, Immutable, Alias("sf.InferenceRequest")]
public sealed record InferenceRequest(
    [property: Id(0)] string Id,
    [property: Id(1)] string ModelName,
    [property: Id(2)] string? ModelVersion,
    [property: Id(3)] IReadOnlyList<Tensor> Inputs,
    [property: Id(4)] IReadOnlyList<RequestedOutput>? Outputs = null,
    [property: Id(5)] IReadOnlyDictionary<string, string>? Parameters = null,
    [property: Id(6)] DateTimeOffset? Deadline = null,
    [property: Id(7)] string? RoutingKey = null);
