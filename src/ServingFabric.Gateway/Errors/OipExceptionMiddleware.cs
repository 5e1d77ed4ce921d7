using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Errors;

/// <summary>
/// Turns every failure under the protocol's routes into its <c>{"error"}</c> shape: InferenceException by its kind,
/// an oversized body as 413, a client that went away as nothing at all, anything else as a 500 that says only
/// "internal error" and the request id (the exception, which may name types, files and server paths, goes to the log
/// with that id). Every response under these routes carries the request id in <c>x-request-id</c> and the trace
/// context in <c>traceparent</c>, and every log line written while handling the request has both in its scope.
/// </summary>
internal sealed partial class OipExceptionMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, ILogger<OipExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = RequestIds.Stamp(context);
        TraceContextHeader.Stamp(context);
        // ASP.NET Core's own scope already has the trace identifier; a client's id is added so both find the lines.
        using var scope = RequestIds.IsClients(context, requestId) ? ClientRequestScope(logger, requestId) : null;
        try
        {
            await next(context);
        }
        catch (InferenceException ex) when (!context.Response.HasStarted)
        {
            await OipErrorResults.WriteAsync(context, ex);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // Kestrel's refusals carry their status (413 too large, 408 too slow, 431 headers too large, 400 malformed).
            var status = ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : StatusCodes.Status400BadRequest;
            await OipErrorResults.WriteAsync(context, status, status == 413
                ? $"request body too large: the limit is {options.Value.MaxRequestBodyBytes} bytes (ServingFabric:Gateway:MaxRequestBodyBytes)"
                : $"bad request: {ex.Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogUnhandled(logger, ex, context.Request.Method, context.Request.Path, requestId);
            await OipErrorResults.WriteAsync(context, StatusCodes.Status500InternalServerError, InternalErrorMessage(requestId));
        }
    }

    /// <summary>All a caller learns of an unexpected failure: that it happened, and the ids to report it with.</summary>
    public static string InternalErrorMessage(string requestId) =>
        Activity.Current is { } activity && activity.TraceId != default
            ? $"internal error; request id {requestId}; trace id {activity.TraceId}"
            : $"internal error; request id {requestId}";

    private static readonly Func<ILogger, string, IDisposable?> ClientRequestScope =
        LoggerMessage.DefineScope<string>("client request id {ClientRequestId}");

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly (request id {RequestId}); the caller got a 500 naming only the request id. This is a bug or an unavailable cluster: see the exception, check the silos' health, and report it with the request id")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string requestId);
}
