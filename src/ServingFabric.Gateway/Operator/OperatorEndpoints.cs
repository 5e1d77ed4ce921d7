using System.Globalization;
using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Gateway.Operator;

/// <summary>The operator API under /v1: a model's replicas and health, and the event log.</summary>
internal static class OperatorEndpoints
{
    public static async Task ModelAsync(HttpContext context, string name, IGrainFactory grains)
    {
        await ModelEndpoints.EnsureKnownAsync(context, name);
        var status = await grains.GetGrain<IModelRouterGrain>(name).GetStatus()
            ?? throw new InferenceException(InferenceErrorKind.NotFound,
                $"unknown model '{name}': it was never deployed (POST /v2/repository/index lists the models)");
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Model(status), ManagementJsonContext.Default.ModelResponse);
    }

    public static async Task EventsAsync(HttpContext context, IGrainFactory grains)
    {
        var query = context.Request.Query;
        var after = 0L;
        if (query.TryGetValue("after", out var afterText)
            && !long.TryParse(afterText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"query parameter 'after' is '{afterText}'; expected a sequence number of 0 or more (the last event you have)");
        }

        IReadOnlyList<string> models;
        if (query.TryGetValue("model", out var model) && !string.IsNullOrEmpty(model.ToString()))
        {
            await ModelEndpoints.EnsureKnownAsync(context, model.ToString());
            models = [model.ToString()];
        }
        else
        {
            models = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels();
        }

        var results = await Task.WhenAll(models.Select(async m => (Model: m, Events: await grains.GetGrain<IModelRouterGrain>(m).GetEvents(after))));
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Events(results), ManagementJsonContext.Default.EventsResponse);
    }
}
