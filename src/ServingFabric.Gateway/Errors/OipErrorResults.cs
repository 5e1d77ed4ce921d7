using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.Grpc;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Gateway.Errors;

/// <summary>
/// Writes Open Inference Protocol errors (a gRPC call's in gRPC's shape, see <see cref="GrpcErrorResponse"/>): <c>{"error": "..."}</c> with the status of the failure and the request id in
/// <c>x-request-id</c> (see <see cref="RequestIds"/>); server paths are taken out of 5xx messages (see <see cref="ServerPaths"/>).
/// </summary>
internal static class OipErrorResults
{
    public static Task WriteAsync(HttpContext context, int statusCode, string message, int? retryAfterSeconds = null)
    {
        if (GrpcErrorResponse.IsGrpc(context.Request))
        {
            // A refusal before a gRPC service runs (authentication, authorization): in gRPC's shape, or the client reads nothing.
            RequestIds.Stamp(context);
            return GrpcErrorResponse.WriteAsync(context, statusCode,
                statusCode >= StatusCodes.Status500InternalServerError ? ServerPaths.Redact(message) : message, retryAfterSeconds);
        }

        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        RequestIds.Stamp(context);
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = OipErrorJson.Write(statusCode >= StatusCodes.Status500InternalServerError ? ServerPaths.Redact(message) : message);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task WriteAsync(HttpContext context, InferenceException exception)
    {
        if (exception.Kind == InferenceErrorKind.Unauthorized)
        {
            // RFC 6750: a 401 names the scheme the client should use.
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"servingfabric\"";
        }

        return WriteAsync(context, exception.StatusCode, exception.Message, exception.RetryAfterSeconds);
    }
}
