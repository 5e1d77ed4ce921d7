using System.Buffers.Binary;

namespace ServingFabric.Protocol;

/// <summary>The BYTES layout: each element a 4-byte little-endian length followed by that many bytes.</summary>
internal static class BytesElements
{
    public const int LengthPrefixSize = 4;

    /// <summary>Describes what is wrong with a BYTES buffer for a tensor of <paramref name="expectedCount"/> elements, or null when nothing is.</summary>
    public static string? FindProblem(ReadOnlySpan<byte> data, long expectedCount)
    {
        long count = 0;
        var offset = 0;
        while (offset < data.Length)
        {
            if (data.Length - offset < LengthPrefixSize)
            {
                return $"element {count} starts {offset} bytes in, but fewer than 4 bytes are left for its length prefix";
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
            offset += LengthPrefixSize;
            if (length > (uint)(data.Length - offset))
            {
                return $"element {count} declares {length} bytes but only {data.Length - offset} are left";
            }

            offset += (int)length;
            count++;
        }

        return count == expectedCount
            ? null
            : $"it holds {count} elements but the shape needs {expectedCount}";
    }

    /// <summary>Returns the element at <paramref name="offset"/> and moves past it; the buffer must be well formed.</summary>
    public static ReadOnlySpan<byte> Next(ReadOnlySpan<byte> data, ref int offset)
    {
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        var element = data.Slice(offset + LengthPrefixSize, length);
        offset += LengthPrefixSize + length;
        return element;
    }

    /// <summary>Checks a tensor's own buffer before encoding it; a malformed one is the caller's bug.</summary>
    public static void EnsureWellFormed(ReadOnlySpan<byte> data, long expectedCount, string name)
    {
        if (FindProblem(data, expectedCount) is { } problem)
        {
            throw new ArgumentException($"BYTES tensor '{name}' is not in the length-prefixed layout: {problem}.", nameof(data));
        }
    }
}
