using System.Text.Json.Serialization;

namespace ServingFabric.Perf.Bare;

/// <summary>The Open Inference Protocol's JSON request, as far as a bare server for one FP32 model reads it.</summary>
internal sealed record BareInferRequest(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("inputs")] IReadOnlyList<BareTensor> Inputs);

/// <summary>The Open Inference Protocol's JSON response.</summary>
internal sealed record BareInferResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonPropertyName("outputs")] IReadOnlyList<BareOutput> Outputs);

/// <summary>A tensor in JSON: name, shape, datatype and the elements flattened in row-major order.</summary>
internal sealed record BareTensor(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("shape")] int[] Shape,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("data")] float[] Data);

/// <summary>An output tensor in JSON; <paramref name="Data"/> is a <c>float[]</c> (FP32) or a <c>long[]</c> (INT64).</summary>
internal sealed record BareOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("shape")] int[] Shape,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("data")] object Data);

/// <summary>An Open Inference Protocol error body.</summary>
internal sealed record BareError([property: JsonPropertyName("error")] string Error);

[JsonSerializable(typeof(BareInferRequest))]
[JsonSerializable(typeof(BareInferResponse))]
[JsonSerializable(typeof(BareError))]
[JsonSerializable(typeof(float[]))]
[JsonSerializable(typeof(long[]))]
internal sealed partial class BareJsonContext : JsonSerializerContext;
