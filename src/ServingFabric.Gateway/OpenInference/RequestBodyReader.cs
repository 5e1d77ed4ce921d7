using Microsoft.AspNetCore.Http;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>Reads a whole request body within the size limit: refused up front when Content-Length says it is too big.</summary>
internal static class RequestBodyReader
{
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

        // Chunked: Kestrel's MaxRequestBodySize (set to the same limit) stops a body that never ends.
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, cancellationToken);
        if (copy.Length > limit)
        {
            throw TooLarge(copy.Length, limit);
        }

        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    private static InferenceException TooLarge(long size, long limit) =>
        new(InferenceErrorKind.TooLarge,
            $"request body of {size} bytes exceeds the limit of {limit} bytes; send a smaller batch or raise ServingFabric:Gateway:MaxRequestBodyBytes");
}
