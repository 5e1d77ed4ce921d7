using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Batching;

/// <summary>Cuts a batch output back into one tensor per request, by each request's rows.</summary>
internal static class BatchSplitter
{
    /// <summary>Returns one tensor per entry of <paramref name="rows"/>, in order.</summary>
    public static Tensor[] Split(Tensor output, IReadOnlyList<int> rows, int batchRows)
    {
        var parts = new Tensor[rows.Count];
        if (output.Shape.Length == 0 || output.Shape[0] != batchRows)
        {
            // An output without the batch dimension belongs to every request alike; each gets its own copy.
            for (var r = 0; r < parts.Length; r++)
            {
                parts[r] = output with { Shape = (long[])output.Shape.Clone(), Data = (byte[])output.Data.Clone() };
            }

            return parts;
        }

        var offsets = RowOffsets(output, rows, batchRows);
        for (var r = 0; r < parts.Length; r++)
        {
            var shape = (long[])output.Shape.Clone();
            shape[0] = rows[r];
            parts[r] = new Tensor(output.Name, output.DataType, shape, output.Data[offsets[r]..offsets[r + 1]]);
        }

        return parts;
    }

    private static int[] RowOffsets(Tensor output, IReadOnlyList<int> rows, int batchRows)
    {
        var offsets = new int[rows.Count + 1];
        var elementsPerRow = TensorShape.ElementCount(output.Shape.AsSpan(1));
        if (output.DataType == TensorDataType.Bytes)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                offsets[r + 1] = BytesElements.Skip(output.Data, offsets[r], elementsPerRow * rows[r]);
                if (offsets[r + 1] < 0)
                {
                    throw new InvalidOperationException($"Output '{output.Name}' holds fewer BYTES elements than its shape [{TensorShape.Format(output.Shape)}].");
                }
            }

            return offsets;
        }

        var bytesPerRow = elementsPerRow * output.DataType.ElementSize();
        if (bytesPerRow * batchRows != output.Data.Length)
        {
            throw new InvalidOperationException($"Output '{output.Name}' has {output.Data.Length} bytes, but shape [{TensorShape.Format(output.Shape)}] needs {bytesPerRow * batchRows}.");
        }

        for (var r = 0; r < rows.Count; r++)
        {
            offsets[r + 1] = checked((int)(offsets[r] + (bytesPerRow * rows[r])));
        }

        return offsets;
    }
}
