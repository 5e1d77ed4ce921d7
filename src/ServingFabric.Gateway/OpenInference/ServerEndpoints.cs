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

    /// <summary>The server's name in its metadata.</summary>
    public const string Name = "servingfabric";

    /// <summary>The server's version in its metadata (the assembly's informational version, without the commit).</summary>
    public static readonly string Version =
        typeof(ServerEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static readonly byte[] ServerMetadata = OipMetadataJson.WriteServerMetadata(Name, Version, Extensions);

    /// <summary>Live means the process answers; a model still loading must not make a pod restart.</summary>
    public static Task LiveAsync(HttpContext context) =>
        JsonResults.WriteAsync(context, StatusCodes.Status200OK, "{\"live\":true}"u8.ToArray());

    /// <summary>
    /// Pod readiness: this silo can take traffic (see <see cref="IPodReadiness"/> and <see cref="RoutingReadiness"/>);
    /// with <see cref="GatewayOptions.StrictReadiness"/> also every deployed model has a ready replica somewhere. The
    /// 503 names the failing condition.
    /// </summary>
    public static async Task ReadyAsync(
        HttpContext context, IGrainFactory grains, IPodReadiness pod, RoutingReadiness routing, ReadinessLog log, IOptions<GatewayOptions> options)
    {
        var failure = await CheckReadinessAsync(grains, pod, routing, log, options.Value, context.RequestAborted);
        if (failure is not null)
        {
            await OipErrorResults.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"server not ready: condition '{failure.Condition}' fails: {failure.Reason}");
            return;
        }

        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, "{\"ready\":true}"u8.ToArray());
    }

    /// <summary>The failing readiness condition, or null when this silo can take traffic (the same answer over HTTP and gRPC).</summary>
    internal static async Task<ReadinessFailure?> CheckReadinessAsync(
        IGrainFactory grains, IPodReadiness pod, RoutingReadiness routing, ReadinessLog log, GatewayOptions options, CancellationToken cancellationToken)
    {
        var failure = pod.Check(options.ReadinessLoadGrace)
            ?? await routing.CheckAsync(grains, cancellationToken)
            ?? (options.StrictReadiness ? await StrictAsync(grains, cancellationToken) : null);
        log.Observe(failure);
        return failure;
    }

    /// <summary>Triton's strict readiness: every loaded model has a ready replica of its default version.</summary>
    private static async Task<ReadinessFailure?> StrictAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var models = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels();
        foreach (var model in models)
        {
            var table = await grains.GetGrain<IModelRouterGrain>(model).GetRoutingTable();
            if (table is not { Loaded: true })
            {
                continue;
            }

            var readiness = await grains.GetGrain<IInferenceFrontGrain>(model).GetReadiness(null, cancellationToken);
            if (!readiness.Ready)
            {
                return new(ReadinessConditions.Strict,
                    $"model '{model}' version '{readiness.Version}' is not ready: {readiness.Reason} (ServingFabric:Gateway:StrictReadiness is on)");
            }
        }

        return null;
    }

    public static Task MetadataAsync(HttpContext context) =>
        JsonResults.WriteAsync(context, StatusCodes.Status200OK, ServerMetadata);
}
