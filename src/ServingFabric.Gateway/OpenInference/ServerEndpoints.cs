using System.Reflection;
using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.Errors;
using ServingFabric.Grains;
using ServingFabric.Health;
using ServingFabric.Protocol;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>Server liveness, readiness and metadata.</summary>
internal static class ServerEndpoints
{
    /// <summary>The protocol extensions this gateway implements, advertised in <c>GET /v2</c>.</summary>
    public static readonly IReadOnlyList<string> Extensions = ["binary_tensor_data", "model_repository"];

    private static readonly string Version =
        typeof(ServerEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static readonly byte[] ServerMetadata = OipMetadataJson.WriteServerMetadata("servingfabric", Version, Extensions);

    /// <summary>Live means the process answers; a model still loading must not make a pod restart.</summary>
    public static Task LiveAsync(HttpContext context) =>
        JsonResults.WriteAsync(context, StatusCodes.Status200OK, "{\"live\":true}"u8.ToArray());

    /// <summary>Ready only when not draining and every deployed model has a ready replica of its default version.</summary>
    public static async Task ReadyAsync(HttpContext context, IGrainFactory grains, ISiloReadiness state)
    {
        if (state.IsDraining)
        {
            await OipErrorResults.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "server is draining: it is shutting down and takes no new work");
            return;
        }

        if (!state.IsStartupComplete)
        {
            await OipErrorResults.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "server not ready: the model repository is still loading");
            return;
        }

        var models = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels();
        foreach (var model in models)
        {
            var table = await grains.GetGrain<IModelRouterGrain>(model).GetRoutingTable();
            if (table is not { Loaded: true })
            {
                continue;
            }

            var readiness = await grains.GetGrain<IInferenceFrontGrain>(model).GetReadiness(null, context.RequestAborted);
            if (!readiness.Ready)
            {
                await OipErrorResults.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                    $"server not ready: model '{model}' version '{readiness.Version}' is not ready: {readiness.Reason}");
                return;
            }
        }

        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, "{\"ready\":true}"u8.ToArray());
    }

    public static Task MetadataAsync(HttpContext context) =>
        JsonResults.WriteAsync(context, StatusCodes.Status200OK, ServerMetadata);
}
