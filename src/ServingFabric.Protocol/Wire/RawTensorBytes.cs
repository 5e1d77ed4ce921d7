using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>
/// The one check of a tensor's raw bytes against its shape and datatype, for HTTP's binary tensor data and gRPC's raw
/// contents alike: fixed-size types exactly shape × element size, BYTES as complete 4-byte little-endian length prefixes.
/// </summary>
internal static class RawTensorBytes
{
    /// <param name="bytesField">What holds the bytes, for messages (such as "binary data" or "raw_input_contents[0]").</param>
    /// <param name="sizeField">What gave their size, for messages (such as "parameters.binary_data_size").</param>
    public static void Check(ReadOnlySpan<byte> bytes, TensorDataType type, long[] shape, long count, string label, string bytesField, string sizeField)
    {
        if (type == TensorDataType.Bytes)
        {
            if (BytesElements.FindProblem(bytes, count) is { } problem)
            {
                throw ProtocolErrors.Invalid(
                    $"{label} (BYTES): {bytesField} is not {count} elements of 4-byte little-endian length + bytes for shape [{TensorShape.Format(shape)}]: {problem}.");
            }

            return;
        }

        var expected = WireShape.ByteSize(type, count, label);
        if (bytes.Length != expected)
        {
            throw ProtocolErrors.Invalid(
                $"{label}: {sizeField} is {bytes.Length} but shape [{TensorShape.Format(shape)}] of {type.ToWireName()} needs {expected} bytes ({count} elements x {type.ElementSize()}).");
        }
    }
}
