namespace ServingFabric.Protocol;

/// <summary>
/// The raw tensor bytes after the JSON header of a Triton binary body. Tensors take their bytes in the order they
/// are listed, so a cursor walks it once; anything left over means the header and the bytes disagree.
/// </summary>
internal sealed class BinarySection
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly int _headerLength;
    private int _position;

    private BinarySection(ReadOnlyMemory<byte> bytes, int headerLength)
    {
        _bytes = bytes;
        _headerLength = headerLength;
    }

    /// <summary>Splits a body into its JSON header and its binary section.</summary>
    public static (ReadOnlyMemory<byte> Json, BinarySection Binary) Split(ReadOnlyMemory<byte> body, int? headerLength)
    {
        if (headerLength is not { } length)
        {
            return (body, new BinarySection(ReadOnlyMemory<byte>.Empty, body.Length));
        }

        if (length < 0 || length > body.Length)
        {
            throw ProtocolErrors.Invalid(
                $"Inference-Header-Content-Length is {length} but the body has {body.Length} bytes; it must be the length of the JSON header, between 0 and the body length.");
        }

        return (body[..length], new BinarySection(body[length..], length));
    }

    /// <summary>Takes the next <paramref name="size"/> bytes for the tensor described by <paramref name="label"/>.</summary>
    public ReadOnlyMemory<byte> Take(long size, string label)
    {
        var remaining = _bytes.Length - _position;
        if (size > remaining)
        {
            throw ProtocolErrors.Invalid(
                $"{label}: parameters.binary_data_size is {size} but only {remaining} bytes of binary data remain after the JSON header ({_headerLength} bytes) and the tensors before it. Check Inference-Header-Content-Length and the binary_data_size of each tensor.");
        }

        var slice = _bytes.Slice(_position, (int)size);
        _position += (int)size;
        return slice;
    }

    public void EnsureConsumed(string what)
    {
        var left = _bytes.Length - _position;
        if (left > 0)
        {
            throw ProtocolErrors.Invalid(
                $"The {what} has {left} bytes of binary data that no tensor's binary_data_size claims; the sizes must add up to the body length minus Inference-Header-Content-Length ({_headerLength}).");
        }
    }
}
