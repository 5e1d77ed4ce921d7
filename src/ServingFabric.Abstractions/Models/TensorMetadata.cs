using ServingFabric.Tensors;

namespace ServingFabric.Models;

/// <summary>An input or output of a model: name, datatype and shape, -1 for a symbolic (variable) dimension.</summary>
[GenerateSerializer, Immutable, Alias("sf.TensorMetadata")]
public sealed record TensorMetadata(
    [property: Id(0)] string Name,
    [property: Id(1)] TensorDataType DataType,
    [property: Id(2)] long[] Shape);
