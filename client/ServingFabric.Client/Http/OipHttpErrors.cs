using System.Net;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Client;

/// <summary>Turns an Open Inference Protocol error answer back into the <see cref="InferenceException"/> the server threw.</summary>
internal static class OipHttpErrors
{
    public static InferenceErrorKind KindOf(HttpStatusCode status) => (int)status switch
    {
        400 => InferenceErrorKind.InvalidInput,
        401 => InferenceErrorKind.Unauthorized,
        403 => InferenceErrorKind.Forbidden,
        404 => InferenceErrorKind.NotFound,
        409 => InferenceErrorKind.Conflict,
        413 => InferenceErrorKind.TooLarge,
        429 => InferenceErrorKind.QueueFull,
        503 => InferenceErrorKind.Unavailable,
        504 => InferenceErrorKind.DeadlineExceeded,
        _ => InferenceErrorKind.Internal,
    };

    public static InferenceException ToException(HttpResponseMessage response, ReadOnlySpan<byte> body, TimeProvider timeProvider)
    {
        var status = (int)response.StatusCode;

        // A proxy in front of the gateway may answer with HTML or nothing; then the status alone says what happened.
        var serverMessage = body.IsEmpty ? null : OipErrorJson.TryReadMessage(body);

        // The server's message as is, so a failure reads the same over HTTP as over Orleans.
        var message = string.IsNullOrEmpty(serverMessage)
            ? $"The gateway answered HTTP {status} {response.ReasonPhrase} without an error message."
            : serverMessage;
        return new InferenceException(KindOf(response.StatusCode), message)
        {
            RetryAfterSeconds = RetryAfterSeconds(response, timeProvider),
        };
    }

    private static int? RetryAfterSeconds(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date - timeProvider.GetUtcNow());
        return delay is { } d ? (int)Math.Max(0, Math.Ceiling(d.TotalSeconds)) : null;
    }
}
