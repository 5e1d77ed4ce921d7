using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.Errors;
using ServingFabric.Gateway.Grpc;

namespace ServingFabric.Gateway.Transport;

/// <summary>
/// Keeps gRPC on the gRPC listeners and REST on the others (<see cref="GrpcListenerConnections"/>): a gRPC call elsewhere
/// is UNIMPLEMENTED, a REST request on a gRPC listener 404, each naming the setting of the right port.
/// </summary>
internal sealed class ListenerProtocolMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var onGrpcListener = GrpcListenerConnections.IsOnGrpcListener(context);
        var isGrpc = GrpcErrorResponse.IsGrpc(context.Request);
        if (isGrpc == onGrpcListener)
        {
            return next(context);
        }

        RequestIds.Stamp(context);
        return isGrpc
            ? GrpcErrorResponse.WriteAsync(context, StatusCodes.Status501NotImplemented,
                "gRPC is served on the gateway's gRPC listener (ServingFabric:Gateway:GrpcUrl, http://127.0.0.1:8081 in the embedded default), not on this port", retryAfterSeconds: null)
            : OipErrorResults.WriteAsync(context, StatusCodes.Status404NotFound,
                $"this port is the gateway's gRPC listener (ServingFabric:Gateway:GrpcUrl); send {context.Request.Method} {context.Request.Path} to the REST listener (ServingFabric:Gateway:Url)");
    }
}
