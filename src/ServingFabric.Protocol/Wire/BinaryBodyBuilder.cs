using System.Buffers;

namespace ServingFabric.Protocol;

/// <summary>Joins a JSON header and the binary tensors after it into one body, copying each byte once.</summary>
internal static class BinaryBodyBuilder
{
    public static EncodedBody Build(ArrayBufferWriter<byte> json, List<byte[]> binaryParts)
    {
        if (binaryParts.Count == 0)
        {
            return new EncodedBody(json.WrittenSpan.ToArray(), null);
        }

        long total = json.WrittenCount;
        foreach (var part in binaryParts)
        {
            total += part.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"The encoded body would be {total} bytes, more than one array can hold ({Array.MaxLength}).");
        }

        // Filled completely below: no need to zero it first.
        var content = GC.AllocateUninitializedArray<byte>((int)total);
        json.WrittenSpan.CopyTo(content);
        var offset = json.WrittenCount;
        foreach (var part in binaryParts)
        {
            part.CopyTo(content, offset);
            offset += part.Length;
        }

        return new EncodedBody(content, json.WrittenCount);
    }
}
