namespace ServingFabric.Tensors;

/// <summary>
/// A named tensor: datatype, shape and the elements as little-endian bytes in row-major order.
/// BYTES elements are stored as Triton lays them out: each element a 4-byte little-endian length, then its bytes.
/// </summary>
[GenerateSerializer, Immutable, Alias("sf.Tensor")]
public sealed record Tensor(
    [property: Id(0)] string Name,
    [property: Id(1)] TensorDataType DataType,
    [property: Id(2)] long[] Shape,
    [property: Id(3)] byte[] Data)
{
    /// <summary>The number of elements the shape holds (1 for a scalar shape []).</summary>
    public long ElementCount => TensorShape.ElementCount(Shape);
}
