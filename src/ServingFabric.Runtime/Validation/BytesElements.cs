using System.Buffers.Binary;

namespace ServingFabric.Runtime.Validation;

/// <summary>
/// Walks BYTES tensor data, laid out as Triton does: each element a 4-byte little-endian length, then its bytes.
/// Shared by validation (count the elements) and batching (find where a row's elements end).
/// </summary>
internal static class BytesElements
{
    /// <summary>
    /// Returns the offset just past <paramref name="count"/> elements starting at <paramref name="offset"/>,
    /// or -1 when the data ends before them.
    /// </summary>
    public static int Skip(ReadOnlySpan<byte> data, int offset, long count)
    {
        for (long i = 0; i < count; i++)
        {
            if (data.Length - offset < sizeof(uint))
            {
                return -1;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
            offset += sizeof(uint);
            if ((ulong)(data.Length - offset) < length)
            {
                return -1;
            }

            offset += (int)length;
        }

        return offset;
    }

    /// <summary>Counts the complete elements in <paramref name="data"/>; -1 when it ends inside an element.</summary>
    public static long Count(ReadOnlySpan<byte> data)
    {
        long count = 0;
        var offset = 0;
        while (offset < data.Length)
        {
            offset = Skip(data, offset, 1);
            if (offset < 0)
            {
                return -1;
            }

            count++;
        }

        return count;
    }
}
