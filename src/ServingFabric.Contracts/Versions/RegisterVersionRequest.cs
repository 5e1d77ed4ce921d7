using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Versions;

/// <summary>
/// <c>POST /v1/models/{name}/versions</c>: import an artifact (its SHA-256 verified while it is copied into the model
/// repository) and register it as a version. Answered 201 with the version.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterVersionRequest
{
    /// <summary>The version name: letters, digits, '_', '-' or '.', not starting with '.'.</summary>
    public required string Version { get; init; }

    /// <summary>An absolute path on the gateway silo or a <c>file://</c> URI, under a configured import root.</summary>
    public required string Artifact { get; init; }

    /// <summary>The artifact's SHA-256 as 64 hexadecimal digits, as <c>sha256sum</c> prints it.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Whether the version becomes the default at once; null: false.</summary>
    [JsonPropertyName("default")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? MakeDefault { get; init; }

    /// <summary>How the optimizer made it from another version, kept on the version's record; null when it was not.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VersionOptimizationResponse? Optimization { get; init; }

    /// <summary>Why, recorded in the event log (at most 500 characters).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
