using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Scaling;

/// <summary>
/// <c>PUT /v1/models/{name}/scaling</c>: the settings to change, with the names <c>GET</c> shows under <c>settings</c>;
/// each optional (null keeps the current value) but at least one besides the reason. Answered with the scaling.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateScalingRequest
{
    /// <summary>The fewest replicas per version (1 to 1000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MinReplicas { get; init; }

    /// <summary>The most replicas per version (<see cref="MinReplicas"/> to 1000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxReplicas { get; init; }

    /// <summary>In-flight requests per replica to aim at (above 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TargetInFlightPerReplica { get; init; }

    /// <summary>Queued rows per replica to aim at (above 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TargetQueueDepthPerReplica { get; init; }

    /// <summary>The 95th percentile latency to aim at, in milliseconds (above 0, at most 600000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TargetP95LatencyMs { get; init; }

    /// <summary>CPU use above which replicas are added (above 0, at most 100).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxCpuPercent { get; init; }

    /// <summary>Memory use above which replicas are added (above 0, at most 100).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxMemoryPercent { get; init; }

    /// <summary>Seconds a lower recommendation must hold before replicas go (0 to 86400).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ScaleDownStabilizationSeconds { get; init; }

    /// <summary>Seconds a higher recommendation must hold before replicas come (0 to 86400).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ScaleUpStabilizationSeconds { get; init; }

    /// <summary>Requests a replica runs at once (1 to 1000000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxConcurrency { get; init; }

    /// <summary>Requests that may wait for a replica (0 to 1000000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxQueueLength { get; init; }

    /// <summary>Seconds a request may wait (0 to 600).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? QueueTimeoutSeconds { get; init; }

    /// <summary>Why, recorded in the event log (at most 500 characters).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
