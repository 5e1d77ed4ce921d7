using Grpc.Core;
using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.Auth;

namespace ServingFabric.Gateway.Grpc;

/// <summary>
/// The per-model scope check of the REST routes' policies (<see cref="FabricPolicies"/>), for gRPC calls, which name
/// their model in the message rather than the path: authentication and the fallback policy (an authenticated
/// principal) have already run; a principal without the scope for the model gets PERMISSION_DENIED saying what to use,
/// and the refusal is counted and logged as REST's 403s are.
/// </summary>
internal sealed class GrpcScopes(AuthDenials denials)
{
    public void Require(ServerCallContext context, string scope, string? model)
    {
        var http = context.GetHttpContext();
        if (FabricPrincipals.HasScope(http.User, scope, model))
        {
            return;
        }

        var caller = FabricPrincipals.CallerOf(http.User);
        var forModel = model is null ? string.Empty : $" for model '{model}'";
        var message = $"{caller} lacks scope '{scope}'{forModel} that {context.Method} needs; use a key or token granting {scope}{(model is null ? string.Empty : $" (or {scope}:{model})")}";
        denials.Record(http, StatusCodes.Status403Forbidden, AuthDenialReasons.MissingScope, caller, message);
        throw new RpcException(new global::Grpc.Core.Status(StatusCode.PermissionDenied, message));
    }
}
