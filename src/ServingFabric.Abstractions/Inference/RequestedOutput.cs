namespace ServingFabric.Inference;

/// <summary>An output the caller asked for, with its own parameters (for example <c>binary_data</c>), raw JSON values.</summary>
[GenerateSerializer, Immutable, Alias("sf.RequestedOutput")]
public sealed record RequestedOutput(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyDictionary<string, string>? Parameters = null);
