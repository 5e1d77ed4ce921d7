using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Releases;

/// <summary>
/// <c>POST /v1/models/{name}/canary</c>: shift traffic to <see cref="Version"/> step by step while it is no worse than
/// the default. Only the version is required; the rest default as the router documents. Answered 201 with the release.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CanaryRequest
{
    /// <summary>The candidate version.</summary>
    public required string Version { get; init; }

    /// <summary>1 to 20 percentages strictly increasing in (0, 100], the first below 100, such as [10, 25, 50, 100].</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Steps { get; init; }

    /// <summary>Requests per arm before a step may advance (0 or more).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MinRequestsPerStep { get; init; }

    /// <summary>Seconds a step lasts at least (0 to 604800).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinStepSeconds { get; init; }

    /// <summary>An error rate strictly between 0 and 1 above which the candidate is rolled back at once.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? HardGuardErrorRate { get; init; }

    /// <summary>Why, recorded in the event log (at most 500 characters).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
