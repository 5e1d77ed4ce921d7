using System.Globalization;
using Grpc.Core;
using ServingFabric.Inference;

namespace ServingFabric.Client;

/// <summary>
/// A gRPC failure as the <see cref="InferenceException"/> the HTTP transport would raise for the same answer: the
/// kind from the status (Triton's mapping, read backwards), the server's message, and its retry delay.
/// </summary>
internal static class GrpcInferenceErrors
{
    public static InferenceException From(RpcException exception)
    {
        var kind = exception.StatusCode switch
        {
            StatusCode.InvalidArgument or StatusCode.OutOfRange => InferenceErrorKind.InvalidInput,
            StatusCode.NotFound => InferenceErrorKind.NotFound,
            StatusCode.ResourceExhausted => InferenceErrorKind.QueueFull,
            StatusCode.Unavailable => InferenceErrorKind.Unavailable,
            StatusCode.DeadlineExceeded => InferenceErrorKind.DeadlineExceeded,
            StatusCode.Unauthenticated => InferenceErrorKind.Unauthorized,
            StatusCode.PermissionDenied => InferenceErrorKind.Forbidden,
            StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.Aborted => InferenceErrorKind.Conflict,
            _ => InferenceErrorKind.Internal,
        };
        var message = string.IsNullOrEmpty(exception.Status.Detail) ? $"the gateway answered {exception.StatusCode}" : exception.Status.Detail;
        return new InferenceException(kind, message, exception) { RetryAfterSeconds = RetryAfter(exception.Trailers) };
    }

    private static int? RetryAfter(Metadata trailers) =>
        trailers.GetValue("retry-after") is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
}
