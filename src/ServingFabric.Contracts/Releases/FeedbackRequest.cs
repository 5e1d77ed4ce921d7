using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Releases;

/// <summary>
/// <c>POST /v1/models/{name}/feedback</c>: the reward for a request this gateway silo answered. Request ids are the
/// callers' own: the reward goes to the request with this id that the same principal (API key, token subject) sent,
/// unless a principal holding the <c>feedback</c> scope for the model names another caller.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FeedbackRequest
{
    /// <summary>The request's id (the <c>id</c> it sent, echoed in its response; at most 256 characters).</summary>
    public required string Id { get; init; }

    /// <summary>
    /// A finite number within the gateway's reward range (default [-1, 1], set by
    /// <c>ServingFabric:Inference:FeedbackRewardMin</c> and <c>FeedbackRewardMax</c>), higher is better, such as 1 for a
    /// click and 0 for none.
    /// </summary>
    public required double Reward { get; init; }

    /// <summary>
    /// Whose request it rewards (<c>key:&lt;name&gt;</c>, <c>jwt:&lt;sub&gt;</c>, as responses and events name callers);
    /// omit it to reward your own. Naming another caller takes the <c>feedback</c> scope for the model (403 without it):
    /// a service that collects outcomes for the callers it serves.
    /// </summary>
    public string? Caller { get; init; }
}
