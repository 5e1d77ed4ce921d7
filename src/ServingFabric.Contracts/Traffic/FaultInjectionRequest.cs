using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Traffic;

/// <summary>
/// <c>PUT /v1/models/{name}/versions/{version}/fault</c> (admin only): answer or delay a share of a version's requests,
/// to rehearse a rollback. Some abort or delay must be above 0; it replaces any fault set before for the version.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FaultInjectionRequest
{
    /// <summary>The share of requests (0 to 100) answered with <see cref="AbortStatus"/> instead of running; null: 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AbortPercent { get; init; }

    /// <summary>500 or 503; null: 503.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AbortStatus { get; init; }

    /// <summary>The share of requests (0 to 100) delayed by <see cref="DelayMs"/>; null: 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DelayPercent { get; init; }

    /// <summary>The delay in milliseconds (0 to 600000), needed when <see cref="DelayPercent"/> is above 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DelayMs { get; init; }

    /// <summary>Why faults are injected, recorded in the event log (at most 500 characters).</summary>
    public required string Reason { get; init; }
}
