using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>A tensor entry whose name, datatype, shape and value size are checked, its values not yet copied.</summary>
internal sealed class WirePendingTensor(string name, TensorDataType dataType, long[] shape, string label, ReadOnlyMemory<byte> values, bool isBinary, long decodedBytes)
{
    /// <summary>The most bytes <see cref="Decode"/> allocates (exactly the size for binary and fixed-size data).</summary>
    public long DecodedBytes => decodedBytes;

    public Tensor Decode()
    {
        if (isBinary)
        {
            // The tensor owns a copy (the body buffer goes back to the pool); it is overwritten whole, so not zeroed first.
            var copy = GC.AllocateUninitializedArray<byte>(values.Length);
            values.Span.CopyTo(copy);
            return new Tensor(name, dataType, shape, copy);
        }

        return new Tensor(name, dataType, shape, TensorDataReader.Read(values.Span, label, dataType, shape));
    }
}
