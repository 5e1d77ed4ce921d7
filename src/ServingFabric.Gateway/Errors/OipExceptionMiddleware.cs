using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Errors;

/// <summary>
/// Turns every failure under the protocol's routes into its <c>{"error"}</c> shape: InferenceException by its kind,
/// an oversized body as 413, a client that went away as nothing at all, anything else as 500 (logged).
/// </summary>
internal sealed partial class OipExceptionMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, ILogger<OipExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
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
            var status = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? 413 : 400;
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
            LogUnhandled(logger, ex, context.Request.Method, context.Request.Path);
            await OipErrorResults.WriteAsync(context, 500, $"internal error: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly; this is a bug or an unavailable cluster, see the exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
