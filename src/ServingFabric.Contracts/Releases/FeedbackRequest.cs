using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Releases;

/// <summary><c>POST /v1/models/{name}/feedback</c>: the reward for a request this gateway silo answered.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FeedbackRequest
{
    /// <summary>The request's id (the <c>id</c> it sent, echoed in its response; at most 256 characters).</summary>
    public required string Id { get; init; }

    /// <summary>A finite number, higher is better (such as 1 for a click and 0 for none).</summary>
    public required double Reward { get; init; }
}
