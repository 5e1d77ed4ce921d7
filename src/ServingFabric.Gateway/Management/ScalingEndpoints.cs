using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Scaling;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// A model's autoscaling and admission limits. <c>PUT /v1/models/{name}/scaling</c> takes the same names
/// <c>GET</c> shows under <c>settings</c>, each optional (absent keeps the current value), durations in seconds except
/// the latency target in milliseconds: <c>min_replicas</c>, <c>max_replicas</c>, <c>target_in_flight_per_replica</c>,
/// <c>target_queue_depth_per_replica</c>, <c>target_p95_latency_ms</c>, <c>max_cpu_percent</c>,
/// <c>max_memory_percent</c>, <c>scale_down_stabilization_seconds</c>, <c>scale_up_stabilization_seconds</c>,
/// <c>max_concurrency</c>, <c>max_queue_length</c>, <c>queue_timeout_seconds</c>, and <c>reason</c>.
/// </summary>
internal static class ScalingEndpoints
{
    private static readonly string[] Fields =
    [
        "min_replicas", "max_replicas", "target_in_flight_per_replica", "target_queue_depth_per_replica", "target_p95_latency_ms",
        "max_cpu_percent", "max_memory_percent", "scale_down_stabilization_seconds", "scale_up_stabilization_seconds",
        "max_concurrency", "max_queue_length", "queue_timeout_seconds", "reason",
    ];

    private const string Example = """{"min_replicas": 2, "max_replicas": 8, "target_in_flight_per_replica": 4, "target_p95_latency_ms": 50, "scale_down_stabilization_seconds": 300, "max_queue_length": 200, "reason": "launch week"}""";
    private const int MaxReplicas = 1000;
    private const double Day = 86400;

    /// <summary><c>GET /v1/models/{name}/scaling</c>.</summary>
    public static async Task GetAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        var scaling = await router.GetScaling() ?? throw new InferenceException(InferenceErrorKind.NotFound,
            $"model '{name}' has no scaling state yet; it appears once the model is deployed and loaded (POST /v2/repository/models/{name}/load)");
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteScaling(name, scaling));
    }

    /// <summary><c>PUT /v1/models/{name}/scaling</c>; answers the scaling view after the change.</summary>
    public static async Task PutAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, Fields, Example);
        var min = body.Integer("min_replicas", n => n is >= 1 and <= MaxReplicas, $"a whole number from 1 to {MaxReplicas}");
        var max = body.Integer("max_replicas", n => n >= (min ?? 1) && n <= MaxReplicas,
            min is null ? $"a whole number from 1 to {MaxReplicas}" : $"a whole number from min_replicas ({min}) to {MaxReplicas}");
        var settings = new ScalingSettings(
            MinReplicas: (int?)min,
            MaxReplicas: (int?)max,
            TargetInFlightPerReplica: body.Number("target_in_flight_per_replica", x => x is > 0 and <= 1e6, "a number of requests above 0"),
            TargetQueueDepthPerReplica: body.Number("target_queue_depth_per_replica", x => x is > 0 and <= 1e6, "a number of queued rows above 0"),
            TargetP95Latency: Milliseconds(body.Number("target_p95_latency_ms", x => x is > 0 and <= 600_000, "milliseconds above 0 and at most 600000")),
            MaxCpuPercent: body.Number("max_cpu_percent", x => x is > 0 and <= 100, "a percentage above 0 and at most 100"),
            MaxMemoryPercent: body.Number("max_memory_percent", x => x is > 0 and <= 100, "a percentage above 0 and at most 100"),
            ScaleDownStabilization: Seconds(body.Number("scale_down_stabilization_seconds", x => x is >= 0 and <= Day, "seconds from 0 to 86400")),
            ScaleUpStabilization: Seconds(body.Number("scale_up_stabilization_seconds", x => x is >= 0 and <= Day, "seconds from 0 to 86400")),
            MaxConcurrency: (int?)body.Integer("max_concurrency", n => n is >= 1 and <= 1_000_000, "a whole number of requests from 1 to 1000000"),
            MaxQueueLength: (int?)body.Integer("max_queue_length", n => n is >= 0 and <= 1_000_000, "a whole number of requests from 0 to 1000000"),
            QueueTimeout: Seconds(body.Number("queue_timeout_seconds", x => x is >= 0 and <= 600, "seconds from 0 to 600")));
        if (settings == new ScalingSettings())
        {
            throw JsonFields.Invalid("request body", "changes nothing", "at least one setting besides reason", Example);
        }

        var view = await router.SetScaling(settings, ManagedModels.Author(context, body.Reason()));
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteScaling(name, view));
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static TimeSpan? Milliseconds(double? milliseconds) => milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
}
