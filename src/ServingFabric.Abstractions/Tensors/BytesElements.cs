using System.Buffers.Binary;

namespace ServingFabric.Tensors;

/// <summary>
/// The BYTES layout, as Triton lays it out: each element a 4-byte little-endian length followed by that many bytes.
/// The one walker of that layout: codecs, validation, batching and the engine all read it through here, so they can
/// never disagree about where an element ends.
/// </summary>
public static class BytesElements
{
    public const int LengthPrefixSize = 4;

    /// <summary>
    /// Moves <paramref name="offset"/> past at most <paramref name="count"/> complete elements and returns how many it
    /// passed: fewer than <paramref name="count"/> when the data ends inside (or before) the next one, and
    /// <paramref name="offset"/> then stays just past the last complete element.
    /// </summary>
    public static long Advance(ReadOnlySpan<byte> data, ref int offset, long count)
    {
        long passed = 0;
        while (passed < count && offset < data.Length)
        {
            if (data.Length - offset < LengthPrefixSize
                || BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) > (uint)(data.Length - offset - LengthPrefixSize))
            {
                break;
            }

            offset += LengthPrefixSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
            passed++;
        }

        return passed;
    }

    /// <summary>
    /// Returns the offset just past <paramref name="count"/> elements starting at <paramref name="offset"/>,
    /// or -1 when the data ends before them.
    /// </summary>
    public static int Skip(ReadOnlySpan<byte> data, int offset, long count) =>
        Advance(data, ref offset, count) == count ? offset : -1;

    /// <summary>Counts the complete elements in <paramref name="data"/>; -1 when it ends inside an element.</summary>
    public static long Count(ReadOnlySpan<byte> data)
    {
        var offset = 0;
        var count = Advance(data, ref offset, long.MaxValue);
        return offset == data.Length ? count : -1;
    }

    /// <summary>Returns the element at <paramref name="offset"/> and moves past it; the buffer must be well formed.</summary>
    public static ReadOnlySpan<byte> Next(ReadOnlySpan<byte> data, ref int offset)
    {
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        var element = data.Slice(offset + LengthPrefixSize, length);
        offset += LengthPrefixSize + length;
        return element;
    }

    /// <summary>Describes what is wrong with a BYTES buffer for a tensor of <paramref name="expectedCount"/> elements, or null when nothing is.</summary>
    public static string? FindProblem(ReadOnlySpan<byte> data, long expectedCount)
    {
        var offset = 0;
        var count = Advance(data, ref offset, long.MaxValue);
        if (offset < data.Length)
        {
            return data.Length - offset < LengthPrefixSize
                ? $"element {count} starts {offset} bytes in, but fewer than 4 bytes are left for its length prefix"
                : $"element {count} declares {BinaryPrimitives.ReadUInt32LittleEndian(data[offset..])} bytes but only {data.Length - offset - LengthPrefixSize} are left";
        }

        return count == expectedCount ? null : $"it holds {count} elements but the shape needs {expectedCount}";
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
