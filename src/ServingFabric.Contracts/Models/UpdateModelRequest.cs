using System.Text.Json.Serialization;
using ServingFabric.Contracts.Traffic;

namespace ServingFabric.Contracts.Models;

/// <summary>
/// <c>PUT /v1/models/{name}</c>: what an operator may change of a model's spec, at least one of
/// <see cref="DefaultVersion"/>, <see cref="Weights"/> or <see cref="Mirror"/>. The default is set first, then the
/// traffic. Answered with the model as <c>GET</c> shows it; 409 while a canary or A/B test runs.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateModelRequest
{
    /// <summary>The version unversioned requests go to, outside any split; null keeps it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DefaultVersion { get; init; }

    /// <summary>The split of unversioned requests, summing to 100; empty sends everything to the default; null keeps it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TrafficWeight>? Weights { get; init; }

    /// <summary>Requests also sent to a shadow version, or <see cref="MirrorChange.Stop"/>; null keeps mirroring as it is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MirrorChange? Mirror { get; init; }

    /// <summary>Why, recorded in the event log (at most 500 characters).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
