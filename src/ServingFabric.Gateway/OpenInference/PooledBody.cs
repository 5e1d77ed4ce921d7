using System.Buffers;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>
/// A request body held in an array rented from <see cref="ArrayPool{T}.Shared"/>. Inference bodies are often
/// image-sized (above the 85 KB large-object threshold), and a fresh array per request meant a large-object-heap
/// allocation, zeroing and frequent gen2 collections; renting reuses the arrays. The owner must dispose the lease as
/// soon as nothing reads <see cref="Memory"/> any more: the array then goes back to the pool and the next request
/// overwrites it.
/// </summary>
/// <remarks>A class, not a struct: a copied struct lease could return the same array twice and hand one buffer to two requests.</remarks>
internal sealed class PooledBody : IDisposable
{
    private readonly int _length;
    private byte[]? _array;

    /// <param name="array">A rented array (or an empty one, which is never returned), now owned by the lease.</param>
    /// <param name="length">How many bytes of <paramref name="array"/> hold the body.</param>
    public PooledBody(byte[] array, int length)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length);
        _array = array;
        _length = length;
    }

    /// <summary>Exactly the body's bytes (a rented array is usually longer than asked for).</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>: the array may already belong to another request.</exception>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            var array = _array;
            ObjectDisposedException.ThrowIf(array is null, this);
            return array.AsMemory(0, _length);
        }
    }

    /// <summary>Returns the array to the pool; later calls do nothing, so an array is never returned twice.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            BodyBuffers.Return(array);
        }
    }
}
