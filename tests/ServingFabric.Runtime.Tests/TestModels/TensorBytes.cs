using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.TestModels;

/// <summary>Builds and reads tensors' little-endian bytes in tests.</summary>
internal static class TensorBytes
{
    public static Tensor Of<T>(string name, TensorDataType dataType, long[] shape, params T[] values)
        where T : unmanaged => new(name, dataType, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static T[] Read<T>(Tensor tensor)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(tensor.Data).ToArray();

    /// <summary>The BYTES layout: each element a 4-byte little-endian length, then its bytes.</summary>
    public static byte[] Strings(params byte[][] elements)
    {
        var data = new List<byte>();
        foreach (var element in elements)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, element.Length);
            data.AddRange(length);
            data.AddRange(element);
        }

        return [.. data];
    }
}
