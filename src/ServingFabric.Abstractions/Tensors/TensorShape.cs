namespace ServingFabric.Tensors;

/// <summary>Shape arithmetic shared by codecs, validation and batching.</summary>
public static class TensorShape
{
    /// <summary>Product of the dimensions; 1 for a scalar. Negative (symbolic) dimensions are not allowed here.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Shape [{Format(shape)}] has a negative dimension; a concrete shape is required.", nameof(shape));
            }

            count = checked(count * dim);
        }

        return count;
    }

    /// <summary>Formats a shape as "1,3,224,224" for messages.</summary>
    public static string Format(ReadOnlySpan<long> shape) => string.Join(',', shape.ToArray());
}
