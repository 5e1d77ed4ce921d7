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
        await EnsureKnownAsync(context, name);
        var table = await grains.GetGrain<IModelRouterGrain>(name).GetRoutingTable()
            ?? throw UnknownModel(name);
        var metadata = await grains.GetGrain<IInferenceFrontGrain>(name).GetMetadata(version, context.RequestAborted);
        var versions = table.Versions.Select(v => v.Version).ToArray();
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OipMetadataJson.WriteModelMetadata(metadata, versions));
    }

    public static async Task ReadyAsync(HttpContext context, string name, string? version, IGrainFactory grains)
    {
        await EnsureKnownAsync(context, name);
        var readiness = await grains.GetGrain<IInferenceFrontGrain>(name).GetReadiness(version, context.RequestAborted);
        if (readiness.Ready)
        {
            await JsonResults.WriteAsync(context, StatusCodes.Status200OK, "{\"ready\":true}"u8.ToArray());
        }
        else
        {
            await OipErrorResults.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"model '{name}' version '{readiness.Version}' is not ready: {readiness.Reason}");
        }
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
