using System.Buffers;
using System.Text.Json;

namespace ServingFabric.Protocol;

/// <summary>
/// A JSON writer and its buffer kept per thread for the codecs' bodies. Utf8JsonWriter asks its buffer for room in
/// steps of kilobytes, so a fresh <see cref="ArrayBufferWriter{T}"/> per body cost a few kilobytes of garbage for a
/// 200-byte answer (5 KB per iris request over HTTP binary); the encoded body is always copied out of it
/// (<see cref="BinaryBodyBuilder"/>), so the buffer can serve the next body on the same thread. A buffer grown past
/// <see cref="LargestKept"/> (a large tensor as JSON numbers) is left to the garbage collector instead of being held.
/// </summary>
internal sealed class WireJsonScratch : IDisposable
{
    private const int LargestKept = 64 * 1024;

    [ThreadStatic]
    private static WireJsonScratch? t_free;

    private WireJsonScratch()
    {
        Writer = WireJson.CreateWriter(Buffer);
    }

    public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

    /// <summary>Writes into <see cref="Buffer"/>; flush it (or dispose the scratch) before reading the buffer.</summary>
    public Utf8JsonWriter Writer { get; }

    /// <summary>This thread's scratch, empty; a body written inside another (never done today) gets a fresh one.</summary>
    public static WireJsonScratch Rent()
    {
        var scratch = t_free ?? new WireJsonScratch();
        t_free = null;
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        return scratch;
    }

    /// <summary>Gives the scratch back to this thread; the written bytes must have been copied out.</summary>
    public void Dispose()
    {
        if (Buffer.Capacity <= LargestKept)
        {
            t_free = this;
        }
    }
}
