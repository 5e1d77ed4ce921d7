using System.Buffers;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>
/// Where request bodies are buffered: arrays up to <see cref="LargestPooled"/> come from
/// <see cref="ArrayPool{T}.Shared"/> (image-sized bodies, where reuse saves a large-object allocation per request);
/// larger ones are allocated for the request and left to the garbage collector. The shared pool keeps what it is given
/// back (several arrays per size and core): after eight concurrent 60 MB bodies it held half a gigabyte that the silo
/// never gave back, for bodies that are rare and cost far more to parse than to allocate.
/// </summary>
internal static class BodyBuffers
{
    public const int LargestPooled = 4 * 1024 * 1024;

    public static byte[] Rent(int length) =>
        length <= LargestPooled ? ArrayPool<byte>.Shared.Rent(length) : GC.AllocateUninitializedArray<byte>(length);

    /// <summary>Gives back an array from <see cref="Rent"/>; the empty array and large arrays are not pooled.</summary>
    public static void Return(byte[] array)
    {
        if (array.Length is > 0 and <= LargestPooled)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
