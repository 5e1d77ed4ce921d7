using Grpc.Core;
using Microsoft.Extensions.Logging;
using ServingFabric.Contracts.Security;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Protocol.Grpc;

namespace ServingFabric.Gateway.Grpc;

/// <summary>Triton's repository RPCs: the same deployer and scopes as <c>/v2/repository</c> (index: read; load and unload: manage).</summary>
internal sealed partial class GrpcInferenceService
{
    public override async Task<RepositoryIndexResponse> RepositoryIndex(RepositoryIndexRequest request, ServerCallContext context)
    {
        scopes.Require(context, FabricScopes.Read, model: null);
        var entries = await deployer.IndexAsync(request.Ready, context.CancellationToken);
        var response = new RepositoryIndexResponse();
        response.Models.Add(entries.Select(e => new RepositoryIndexResponse.Types.ModelIndex
        {
            Name = e.Name,
            Version = e.Version,
            State = e.State,
            Reason = e.Reason ?? string.Empty,
        }));
        return response;
    }

    public override async Task<RepositoryModelLoadResponse> RepositoryModelLoad(RepositoryModelLoadRequest request, ServerCallContext context)
    {
        scopes.Require(context, FabricScopes.Manage, GrpcNames.Model(request.ModelName, "model_name"));
        // Load accepts a name the catalog does not know yet (it is how a model enters it), but only one that can be a model.
        ModelEndpoints.EnsureKnownName(request.ModelName);
        await AuditAsync(context, request.ModelName, "load", () => RepositoryEndpoints.LoadAllVersionsAsync(deployer, request.ModelName, context.CancellationToken));
        return new RepositoryModelLoadResponse();
    }

    public override async Task<RepositoryModelUnloadResponse> RepositoryModelUnload(RepositoryModelUnloadRequest request, ServerCallContext context)
    {
        scopes.Require(context, FabricScopes.Manage, GrpcNames.Model(request.ModelName, "model_name"));
        await ModelEndpoints.EnsureKnownAsync(knownModels, request.ModelName, context.CancellationToken);
        await AuditAsync(context, request.ModelName, "unload", () => deployer.UnloadAsync(request.ModelName));
        return new RepositoryModelUnloadResponse();
    }

    // Changes are logged with who made them, as ManagementAuditFilter logs the REST ones.
    private async Task AuditAsync(ServerCallContext context, string model, string action, Func<Task> change)
    {
        var user = context.GetHttpContext().User;
        var who = FabricPrincipals.CallerOf(user);
        var via = user.Identity?.AuthenticationType ?? "none";
        try
        {
            await change();
            LogChange(logger, who, via, action, model);
        }
        catch (Exception ex)
        {
            LogChangeFailed(logger, who, via, action, model, ex.Message);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Management call by {Who} ({Via}): gRPC repository {Action} of model '{Model}' succeeded")]
    private static partial void LogChange(ILogger logger, string who, string via, string action, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Management call by {Who} ({Via}): gRPC repository {Action} of model '{Model}' failed: {Error}. The caller got this error and can correct the request")]
    private static partial void LogChangeFailed(ILogger logger, string who, string via, string action, string model, string error);
}
