using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Gateway.Errors;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>Model metadata and model readiness, unversioned and versioned.</summary>
internal static class ModelEndpoints
{
    public static async Task MetadataAsync(HttpContext context, string name, string? version, IGrainFactory grains)
    {
        var (metadata, versions) = await GetMetadataAsync(context.RequestServices.GetRequiredService<IKnownModels>(), grains, name, version, context.RequestAborted);
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OipMetadataJson.WriteModelMetadata(metadata, versions));
    }

    /// <summary>Model readiness: 200 <c>{"name", "ready": true}</c> (KServe V2's ready-model response), or 503 naming why not.</summary>
    public static async Task ReadyAsync(HttpContext context, string name, string? version, IGrainFactory grains)
    {
        var readiness = await GetReadinessAsync(context.RequestServices.GetRequiredService<IKnownModels>(), grains, name, version, context.RequestAborted);
        if (readiness.Ready)
        {
            await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OipMetadataJson.WriteModelReady(name, ready: true));
        }
        else
        {
            await OipErrorResults.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"model '{name}' version '{readiness.Version}' is not ready: {readiness.Reason}");
        }
    }

    /// <summary>A known model's metadata and the versions it serves (the same answer over HTTP and gRPC).</summary>
    internal static async Task<(ModelMetadata Metadata, string[] Versions)> GetMetadataAsync(
        IKnownModels knownModels, IGrainFactory grains, string name, string? version, CancellationToken cancellationToken)
    {
        await EnsureKnownAsync(knownModels, name, cancellationToken);
        var table = await grains.GetGrain<IModelRouterGrain>(name).GetRoutingTable()
            ?? throw UnknownModel(name);
        var metadata = await grains.GetGrain<IInferenceFrontGrain>(name).GetMetadata(version, cancellationToken);
        return (metadata, table.Versions.Select(v => v.Version).ToArray());
    }

    /// <summary>A known model's readiness (the same answer over HTTP and gRPC).</summary>
    internal static async Task<ModelReadiness> GetReadinessAsync(
        IKnownModels knownModels, IGrainFactory grains, string name, string? version, CancellationToken cancellationToken)
    {
        await EnsureKnownAsync(knownModels, name, cancellationToken);
        return await grains.GetGrain<IInferenceFrontGrain>(name).GetReadiness(version, cancellationToken);
    }

    /// <summary>
    /// 404 unless the catalog knows <paramref name="name"/> (<see cref="IKnownModels"/>), checked before any grain is
    /// called for it: a made-up name must activate no grain and create no metric series.
    /// </summary>
    internal static ValueTask EnsureKnownAsync(HttpContext context, string name) =>
        EnsureKnownAsync(context.RequestServices.GetRequiredService<IKnownModels>(), name, context.RequestAborted);

    /// <inheritdoc cref="EnsureKnownAsync(HttpContext, string)"/>
    internal static async ValueTask EnsureKnownAsync(IKnownModels knownModels, string name, CancellationToken cancellationToken)
    {
        EnsureKnownName(name);
        if (!knownModels.IsKnown(name) && !await knownModels.IsKnownAsync(name, cancellationToken))
        {
            throw UnknownModel(name);
        }
    }

    /// <summary>404 for a name that could never be a model (it is used in paths and grain keys).</summary>
    internal static void EnsureKnownName(string name)
    {
        if (!ModelNames.IsValid(name))
        {
            throw UnknownModel(name);
        }
    }

    private static InferenceException UnknownModel(string name) =>
        new(InferenceErrorKind.NotFound, $"unknown model '{name}': it is not in the model repository (POST /v2/repository/index lists the models)");
}
