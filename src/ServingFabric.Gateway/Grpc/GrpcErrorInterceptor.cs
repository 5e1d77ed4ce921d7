using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServingFabric.Gateway.Errors;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Grpc;

/// <summary>
/// The gRPC side of <see cref="OipExceptionMiddleware"/>: every call carries its request id in <c>x-request-id</c>; an
/// <see cref="InferenceException"/> becomes the gRPC status of its kind (<see cref="GrpcStatuses"/>) with its message,
/// and a retry delay when it has one; a call the client cancelled or whose deadline passed ends as CANCELLED or
/// DEADLINE_EXCEEDED; anything else is INTERNAL naming only the request id (the exception goes to the log).
/// </summary>
internal sealed partial class GrpcErrorInterceptor(TimeProvider time, ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        var requestId = RequestIds.Stamp(http);
        try
        {
            return await continuation(request, context);
        }
        catch (InferenceException ex)
        {
            throw ToRpc(ex);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw context.Deadline <= time.GetUtcNow().UtcDateTime
                ? new RpcException(new global::Grpc.Core.Status(StatusCode.DeadlineExceeded, $"the deadline of {context.Method} passed before it finished; nothing more will be done for it"))
                : new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "the call was cancelled by the client"));
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            LogUnhandled(logger, ex, context.Method, requestId);
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.Internal, OipExceptionMiddleware.InternalErrorMessage(requestId)));
        }
    }

    /// <summary>The gRPC failure of <paramref name="exception"/>; server paths are taken out of server-side failures' messages.</summary>
    public static RpcException ToRpc(InferenceException exception)
    {
        var code = GrpcStatuses.Of(exception.StatusCode);
        var message = exception.StatusCode >= StatusCodes.Status500InternalServerError ? ServerPaths.Redact(exception.Message) : exception.Message;
        var status = new global::Grpc.Core.Status(code, message);
        return exception.RetryAfterSeconds is { } seconds
            ? new RpcException(status, GrpcStatuses.RetryTrailers(code, message, seconds))
            : new RpcException(status);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC {Method} failed unexpectedly (request id {RequestId}); the caller got INTERNAL naming only the request id. This is a bug or an unavailable cluster: see the exception, check the silos' health, and report it with the request id")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string requestId);
}
