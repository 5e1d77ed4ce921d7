using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Versions;

/// <summary>
/// One registered version. The answer of <c>POST /v1/models/{name}/versions</c> names the model first; inside a list
/// (<c>versions</c>, <c>registry</c>) the model is the list's and <c>model</c> is left out.
/// </summary>
/// <param name="Model">The model, when the version stands alone; otherwise null and not written.</param>
/// <param name="Version">The version.</param>
/// <param name="Lifecycle"><c>active</c> or <c>retired</c>.</param>
/// <param name="IsDefault">Whether unversioned requests go to it outside any split.</param>
/// <param name="Artifact">Where its artifact was imported from; null for versions deployed from the repository.</param>
/// <param name="Sha256">The artifact's SHA-256 (lowercase hex); null when none was recorded.</param>
/// <param name="RegisteredAt">When it was registered.</param>
/// <param name="RegisteredBy">Who registered it.</param>
/// <param name="TrafficPercent">Its share of unversioned traffic now; null when undefined.</param>
/// <param name="Optimization">How the optimizer made it from another version; null for a version not made that way.</param>
public sealed record VersionResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model,
    string Version,
    string Lifecycle,
    bool IsDefault,
    string? Artifact,
    string? Sha256,
    DateTimeOffset RegisteredAt,
    string RegisteredBy,
    double? TrafficPercent,
    VersionOptimizationResponse? Optimization);
