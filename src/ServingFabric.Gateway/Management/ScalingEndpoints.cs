using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Scaling;
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
    private const int MaxReplicas = 1000;
    private const double Day = 86400;

    private static readonly ManagementBodySchema<UpdateScalingRequest> Body = new(
        ManagementJsonContext.Default.UpdateScalingRequest,
        """{"min_replicas": 2, "max_replicas": 8, "target_in_flight_per_replica": 4, "target_p95_latency_ms": 50, "scale_down_stabilization_seconds": 300, "max_queue_length": 200, "reason": "launch week"}""",
        new Dictionary<string, string>
        {
            ["min_replicas"] = $"a whole number from 1 to {MaxReplicas}",
            ["max_replicas"] = $"a whole number from min_replicas to {MaxReplicas}",
            ["target_in_flight_per_replica"] = "a number of requests above 0",
            ["target_queue_depth_per_replica"] = "a number of queued rows above 0",
            ["target_p95_latency_ms"] = "milliseconds above 0 and at most 600000",
            ["max_cpu_percent"] = "a percentage above 0 and at most 100",
            ["max_memory_percent"] = "a percentage above 0 and at most 100",
            ["scale_down_stabilization_seconds"] = "seconds from 0 to 86400",
            ["scale_up_stabilization_seconds"] = "seconds from 0 to 86400",
            ["max_concurrency"] = "a whole number of requests from 1 to 1000000",
            ["max_queue_length"] = "a whole number of requests from 0 to 1000000",
            ["queue_timeout_seconds"] = "seconds from 0 to 600",
        });

    /// <summary><c>GET /v1/models/{name}/scaling</c>.</summary>
    public static async Task GetAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var scaling = await router.GetScaling() ?? throw new InferenceException(InferenceErrorKind.NotFound,
            $"model '{name}' has no scaling state yet; it appears once the model is deployed and loaded (POST /v2/repository/models/{name}/load)");
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Scaling(name, scaling), ManagementJsonContext.Default.ScalingResponse);
    }

    /// <summary><c>PUT /v1/models/{name}/scaling</c>; answers the scaling view after the change.</summary>
    public static async Task PutAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, Body);
        var min = Body.Integer("min_replicas", body.MinReplicas, n => n is >= 1 and <= MaxReplicas);
        var max = Body.Integer("max_replicas", body.MaxReplicas, n => n >= (min ?? 1) && n <= MaxReplicas,
            min is null ? $"a whole number from 1 to {MaxReplicas}" : $"a whole number from min_replicas ({min}) to {MaxReplicas}");
        var settings = new ScalingSettings(
            MinReplicas: (int?)min,
            MaxReplicas: (int?)max,
            TargetInFlightPerReplica: Body.Number("target_in_flight_per_replica", body.TargetInFlightPerReplica, x => x is > 0 and <= 1e6),
            TargetQueueDepthPerReplica: Body.Number("target_queue_depth_per_replica", body.TargetQueueDepthPerReplica, x => x is > 0 and <= 1e6),
            TargetP95Latency: Milliseconds(Body.Number("target_p95_latency_ms", body.TargetP95LatencyMs, x => x is > 0 and <= 600_000)),
            MaxCpuPercent: Body.Number("max_cpu_percent", body.MaxCpuPercent, x => x is > 0 and <= 100),
            MaxMemoryPercent: Body.Number("max_memory_percent", body.MaxMemoryPercent, x => x is > 0 and <= 100),
            ScaleDownStabilization: Seconds(Body.Number("scale_down_stabilization_seconds", body.ScaleDownStabilizationSeconds, x => x is >= 0 and <= Day)),
            ScaleUpStabilization: Seconds(Body.Number("scale_up_stabilization_seconds", body.ScaleUpStabilizationSeconds, x => x is >= 0 and <= Day)),
            MaxConcurrency: (int?)Body.Integer("max_concurrency", body.MaxConcurrency, n => n is >= 1 and <= 1_000_000),
            MaxQueueLength: (int?)Body.Integer("max_queue_length", body.MaxQueueLength, n => n is >= 0 and <= 1_000_000),
            QueueTimeout: Seconds(Body.Number("queue_timeout_seconds", body.QueueTimeoutSeconds, x => x is >= 0 and <= 600)));
        if (settings == new ScalingSettings())
        {
            throw Body.Invalid("changes nothing", "at least one setting besides reason");
        }

        var view = await router.SetScaling(settings, ManagedModels.Author(context, Body.Reason(body.Reason)));
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Scaling(name, view), ManagementJsonContext.Default.ScalingResponse);
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static TimeSpan? Milliseconds(double? milliseconds) => milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
}
