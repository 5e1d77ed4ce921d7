using System.Buffers;
using Microsoft.AspNetCore.Http;
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
            await request.Body.ReadExactlyAsync(buffer, cancellationToken);
            return buffer;
        }

        // Chunked: refused as soon as it passes the limit (Kestrel's own limit is looser, so that it can drain a
        // refused body and keep the connection).
        using var chunked = await RentChunkedAsync(request.Body, (int)Math.Min(limit, Array.MaxLength), cancellationToken);
        return chunked.Memory.ToArray();
    }

    /// <summary>
    /// Reads the body into an array rented from the shared pool, for the hot inference path: the caller parses it and
    /// disposes the lease at once (the parsed request copies every byte it keeps). A chunked body is checked against
    /// the limit while it arrives, so it never grows past about twice the limit before being refused.
    /// </summary>
    public static Task<PooledBody> RentAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        // One array holds at most Array.MaxLength bytes, whatever the configured limit.
        var ceiling = Math.Min(limit, Array.MaxLength);
        if (request.ContentLength is { } declared)
        {
            return declared > ceiling
                ? throw TooLarge(declared, ceiling)
                : RentExactlyAsync(request.Body, (int)declared, cancellationToken);
        }

        return RentChunkedAsync(request.Body, (int)ceiling, cancellationToken);
    }

    private static async Task<PooledBody> RentExactlyAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return new PooledBody([], 0);
        }

        var array = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await body.ReadExactlyAsync(array.AsMemory(0, length), cancellationToken);
            return new PooledBody(array, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    private static async Task<PooledBody> RentChunkedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var array = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkedInitialBytes, limit + 1L));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == array.Length)
                {
                    array = Grow(array, length, limit);
                }

                var read = await body.ReadAsync(array.AsMemory(length), cancellationToken);
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
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    // Room for one byte past the limit is enough to tell that a body is too big.
    private static byte[] Grow(byte[] array, int length, int limit)
    {
        var size = (int)Math.Min(Math.Min(array.Length * 2L, limit + 1L), Array.MaxLength);
        if (size <= length)
        {
            throw TooLargeChunked(limit);
        }

        var larger = ArrayPool<byte>.Shared.Rent(size);
        array.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(array);
        return larger;
    }

    private static InferenceException TooLarge(long size, long limit) =>
        new(InferenceErrorKind.TooLarge,
            $"request body of {size} bytes exceeds the limit of {limit} bytes; send a smaller batch or raise ServingFabric:Gateway:MaxRequestBodyBytes");

    private static InferenceException TooLargeChunked(long limit) =>
        new(InferenceErrorKind.TooLarge,
            $"chunked request body exceeds the limit of {limit} bytes; send a smaller batch or raise ServingFabric:Gateway:MaxRequestBodyBytes");
}
