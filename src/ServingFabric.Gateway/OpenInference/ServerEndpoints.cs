using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
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
    /// <summary>
    /// Pod readiness: this silo has started (joined the cluster and loaded its repository), is not draining, can reach
    /// the cluster's catalog (so its routing works), and no version placed on it has been loading for longer than
    /// <see cref="GatewayOptions.ReadinessLoadGrace"/>. A model without a ready replica does not make the pod unready
    /// (see <c>/v2/models/{m}/ready</c>) unless <see cref="GatewayOptions.StrictReadiness"/> is on.
    /// </summary>
    public static async Task ReadyAsync(HttpContext context, IGrainFactory grains, ISiloReadiness state, IOptions<GatewayOptions> options)
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

        if (state.LoadingLongerThan(options.Value.ReadinessLoadGrace) is { } slow)
        {
            await OipErrorResults.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"server not ready: model '{slow.Model}' version '{slow.Version}' placed on this silo has been loading for {slow.Loading.TotalSeconds:F0} s (ServingFabric:Gateway:ReadinessLoadGrace is {options.Value.ReadinessLoadGrace.TotalSeconds:F0} s)");
            return;
        }

        IReadOnlyList<string> models;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            limit.CancelAfter(TimeSpan.FromSeconds(2));
            models = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels().WaitAsync(limit.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or OrleansException && !context.RequestAborted.IsCancellationRequested)
        {
            await OipErrorResults.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"server not ready: the cluster's model catalog cannot be reached from this silo ({ex.GetType().Name}); it cannot route requests");
            return;
        }

        if (options.Value.StrictReadiness)
        {
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
                        $"server not ready (strict readiness): model '{model}' version '{readiness.Version}' is not ready: {readiness.Reason}");
                    return;
                }
            }
        }

        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, "{\"ready\":true}"u8.ToArray());
    }

    public static Task MetadataAsync(HttpContext context) =>
        JsonResults.WriteAsync(context, StatusCodes.Status200OK, ServerMetadata);
}
