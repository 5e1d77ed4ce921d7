using System.Text.Json;
using ServingFabric.Tensors;

namespace ServingFabric.Protocol;

/// <summary>Reads "shape" arrays and sizes tensors, with protocol errors instead of arithmetic exceptions.</summary>
internal static class WireShape
{
    /// <param name="minimumDimension">0 for tensors on the wire; -1 for model metadata, where -1 marks a variable dimension.</param>
    public static long[] Read(WireFields owner, string label, long minimumDimension = 0)
    {
        var shape = WireJson.RequiredArray(owner, "shape", label);
        var result = new long[shape.GetArrayLength()];
        var i = 0;
        foreach (var dim in shape.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var value) || value < minimumDimension)
            {
                var expected = minimumDimension < 0 ? "an integer >= -1 (-1 for a variable dimension)" : "a non-negative integer";
                throw ProtocolErrors.Invalid($"{label}: shape[{i}] is {WireJson.Describe(dim)}, expected {expected}.");
            }

            result[i++] = value;
        }

        return result;
    }

    public static long ElementCount(long[] shape, string label)
    {
        if (Array.Exists(shape, dim => dim < 0))
        {
            throw ProtocolErrors.Invalid($"{label}: shape [{TensorShape.Format(shape)}] has a negative dimension; every dimension must be >= 0.");
        }

        if (Array.IndexOf(shape, 0L) >= 0)
        {
            return 0;
        }

        long count = 1;
        foreach (var dim in shape)
        {
            // Beyond Array.MaxLength no tensor can exist, so larger products are refused before they can overflow.
            if (count > Array.MaxLength / dim)
            {
                throw ProtocolErrors.Invalid($"{label}: shape [{TensorShape.Format(shape)}] holds more elements than a tensor can ({Array.MaxLength}).");
            }

            count *= dim;
        }

        return count;
    }

    public static long ByteSize(TensorDataType type, long elementCount, string label)
    {
        var size = elementCount * type.ElementSize();
        return size > Array.MaxLength
            ? throw ProtocolErrors.Invalid($"{label}: {elementCount} {type.ToWireName()} elements need {size} bytes, more than a tensor can hold ({Array.MaxLength}).")
            : size;
    }
}
