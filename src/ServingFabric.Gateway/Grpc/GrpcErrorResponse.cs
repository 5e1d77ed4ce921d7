using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ServingFabric.Gateway.Grpc;

/// <summary>
/// Answers a gRPC call that fails before its service runs (authentication, authorization, the gateway's own
/// middleware) with a trailers-only gRPC response instead of a JSON body, which a gRPC client could not read: HTTP 200,
/// <c>content-type: application/grpc</c>, <c>grpc-status</c> and a percent-encoded <c>grpc-message</c>.
/// </summary>
internal static class GrpcErrorResponse
{
    /// <summary>Whether <paramref name="request"/> is a gRPC call (its content type is application/grpc or application/grpc+...).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpContext context, int httpStatus, string message, int? retryAfterSeconds)
    {
        var response = context.Response;
        var code = GrpcStatuses.Of(httpStatus);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
        if (retryAfterSeconds is { } seconds)
        {
            foreach (var entry in GrpcStatuses.RetryTrailers(code, message, seconds))
            {
                response.Headers[entry.Key] = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;
            }
        }

        return response.CompleteAsync();
    }

    // gRPC's grpc-message: UTF-8, with '%' and every byte outside printable ASCII written as %XX.
    private static string PercentEncode(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
