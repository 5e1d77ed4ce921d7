using System.Buffers;
using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.Memory;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>Reads a whole request body within the size limit: refused up front when Content-Length says it is too big.</summary>
internal static class RequestBodyReader
{
    // First rented buffer for a chunked body; it doubles from there, up to the limit.
    private const int ChunkedInitialBytes = 16 * 1024;

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit)
            {
                throw TooLarge(declared, limit);
            }

            var buffer = new byte[declared];
            await ReadBodyAsync(request.Body.ReadExactlyAsync(buffer, cancellationToken));
            return buffer;
        }

        // Chunked: refused as soon as it passes the limit (Kestrel's own limit is looser, so that it can drain a
        // refused body and keep the connection).
        using var chunked = await RentChunkedAsync(request.Body, (int)Math.Min(limit, Array.MaxLength), memory: null, cancellationToken);
        return chunked.Memory.ToArray();
    }

    /// <summary>
    /// Reads the body into an array rented from the shared pool, for the hot inference path: the caller parses it and
    /// disposes the lease at once (the parsed request copies every byte it keeps). A chunked body is checked against
    /// the limit while it arrives, so it never grows past about twice the limit before being refused.
    /// </summary>
    /// <param name="memory">The request's share of the silo's memory budget: the body's bytes are reserved in it before they are buffered.</param>
    public static async Task<PooledBody> RentAsync(HttpRequest request, long limit, RequestMemoryReservation memory, CancellationToken cancellationToken)
    {
        // One array holds at most Array.MaxLength bytes, whatever the configured limit.
        var ceiling = Math.Min(limit, Array.MaxLength);
        if (request.ContentLength is { } declared)
        {
            if (declared > ceiling)
            {
                throw TooLarge(declared, ceiling);
            }

            await memory.AddAsync(declared, cancellationToken);
            return await RentExactlyAsync(request.Body, (int)declared, cancellationToken);
        }

        return await RentChunkedAsync(request.Body, (int)ceiling, memory, cancellationToken);
    }

    private static async Task<PooledBody> RentExactlyAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return new PooledBody([], 0);
        }

        var array = BodyBuffers.Rent(length);
        try
        {
            await ReadBodyAsync(body.ReadExactlyAsync(array.AsMemory(0, length), cancellationToken));
            return new PooledBody(array, length);
        }
        catch
        {
            BodyBuffers.Return(array);
            throw;
        }
    }

    private static async Task<PooledBody> RentChunkedAsync(Stream body, int limit, RequestMemoryReservation? memory, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(ChunkedInitialBytes, limit + 1L);
        if (memory is not null)
        {
            await memory.AddAsync(initial, cancellationToken);
        }

        var array = BodyBuffers.Rent(initial);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == array.Length)
                {
                    array = await GrowAsync(array, length, limit, memory, cancellationToken);
                }

                var read = await ReadBodyAsync(body.ReadAsync(array.AsMemory(length), cancellationToken));
                if (read == 0)
                {
                    return new PooledBody(array, length);
                }

                length += read;
                if (length > limit)
                {
                    throw TooLargeChunked(limit);
                }
            }
        }
        catch
        {
            BodyBuffers.Return(array);
            throw;
        }
    }

    // Room for one byte past the limit is enough to tell that a body is too big. The larger array is reserved before it
    // is rented, so a chunked body counts against the budget as it grows.
    private static async ValueTask<byte[]> GrowAsync(byte[] array, int length, int limit, RequestMemoryReservation? memory, CancellationToken cancellationToken)
    {
        var size = (int)Math.Min(Math.Min(array.Length * 2L, limit + 1L), Array.MaxLength);
        if (size <= length)
        {
            throw TooLargeChunked(limit);
        }

        if (memory is not null)
        {
            await memory.AddAsync(size - array.Length, cancellationToken);
        }

        var larger = BodyBuffers.Rent(size);
        array.AsSpan(0, length).CopyTo(larger);
        BodyBuffers.Return(array);
        return larger;
    }

    // Kestrel reports some malformed bodies as plain IOExceptions rather than BadHttpRequestException: a chunk size of
    // 0x80000000 or more is "Bad chunk size data" from an overflow. A body that cannot be read is the client's fault.
    private static async Task ReadBodyAsync(ValueTask read)
    {
        try
        {
            await read;
        }
        catch (IOException ex)
        {
            throw Unreadable(ex);
        }
    }

    private static async Task<int> ReadBodyAsync(ValueTask<int> read)
    {
        try
        {
            return await read;
        }
        catch (IOException ex)
        {
            throw Unreadable(ex);
        }
    }

    private static InferenceException Unreadable(IOException ex) =>
        new(InferenceErrorKind.InvalidInput, $"the request body could not be read ({ex.Message}); send a well-formed body (for chunked transfer encoding: hexadecimal chunk sizes below 0x80000000)", ex);

    private static InferenceException TooLarge(long size, long limit) =>
        new(InferenceErrorKind.TooLarge,
            $"request body of {size} bytes exceeds the limit of {limit} bytes; send a smaller batch or raise ServingFabric:Gateway:MaxRequestBodyBytes");

    private static InferenceException TooLargeChunked(long limit) =>
        new(InferenceErrorKind.TooLarge,
            $"chunked request body exceeds the limit of {limit} bytes; send a smaller batch or raise ServingFabric:Gateway:MaxRequestBodyBytes");
}
