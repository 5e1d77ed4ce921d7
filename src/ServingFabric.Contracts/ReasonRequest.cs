using System.Text.Json.Serialization;

namespace ServingFabric.Contracts;

/// <summary>
/// The optional body of a change that takes nothing but why (set default, retire, rollback, promote, abort, pause,
/// resume, clear faults): <c>{"reason": "..."}</c>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReasonRequest
{
    /// <summary>Why, recorded in the router's event log (at most 500 characters); absent: a default naming the call.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
