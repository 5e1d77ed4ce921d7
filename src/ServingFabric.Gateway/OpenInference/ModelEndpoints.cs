using Microsoft.AspNetCore.Http;
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
        EnsureKnownName(name);
        var table = await grains.GetGrain<IModelRouterGrain>(name).GetRoutingTable()
            ?? throw UnknownModel(name);
        var metadata = await grains.GetGrain<IInferenceFrontGrain>(name).GetMetadata(version, context.RequestAborted);
        var versions = table.Versions.Select(v => v.Version).ToArray();
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OipMetadataJson.WriteModelMetadata(metadata, versions));
    }

    public static async Task ReadyAsync(HttpContext context, string name, string? version, IGrainFactory grains)
    {
        EnsureKnownName(name);
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
