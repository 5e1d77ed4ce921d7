using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Releases;

/// <summary>
/// <c>POST /v1/models/{name}/experiments</c>: an A/B test of <see cref="Treatment"/> against <see cref="Control"/>
/// (default: the default version) on a primary metric. Only the treatment is required. Answered 201 with the release.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AbTestRequest
{
    /// <summary>The version under test.</summary>
    public required string Treatment { get; init; }

    /// <summary>The version it is compared with; null: the default version.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Control { get; init; }

    /// <summary>The treatment's share, strictly between 0 and 100 (50 splits evenly).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TreatmentPercent { get; init; }

    /// <summary>The primary metric.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExperimentMetric? Metric { get; init; }

    /// <summary>Seconds the test runs at least (0 to 7776000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinimumDurationSeconds { get; init; }

    /// <summary>Samples per arm before a decision (at least 2).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MinSamplesPerArm { get; init; }

    /// <summary>Samples per arm after which the test ends inconclusive (at least <see cref="MinSamplesPerArm"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MaxSamplesPerArm { get; init; }

    /// <summary>Why, recorded in the event log (at most 500 characters).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
