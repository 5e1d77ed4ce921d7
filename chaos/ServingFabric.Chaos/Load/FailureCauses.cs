using System.Net;
using System.Net.Sockets;
using ServingFabric.Inference;

namespace ServingFabric.Chaos.Load;

/// <summary>Names a failed request's cause the way an operator would count them: status code, timeout, connection refused, ...</summary>
internal static class FailureCauses
{
    public const string Timeout = "timeout";
    public const string WrongAnswer = "wrong answer";

    public static string Of(HttpStatusCode status) => $"http {(int)status}";

    public static string Of(Exception exception)
    {
        // The SDK wraps "no gateway could be reached" in an Unavailable InferenceException: the socket error says more.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.TimedOut => Timeout,
                    var other => $"socket {other} ({exception.GetType().Name})",
                };
            }
        }

        return exception switch
        {
            InferenceException { Kind: InferenceErrorKind.DeadlineExceeded } => Timeout,
            InferenceException inference => $"http {inference.StatusCode}",
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "connection closed",
            HttpRequestException { StatusCode: { } status } => Of(status),
            HttpRequestException http => "http " + http.HttpRequestError,
            OperationCanceledException or TimeoutException => Timeout,
            _ => exception.GetType().Name,
        };
    }
}
