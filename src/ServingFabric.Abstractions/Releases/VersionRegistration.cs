namespace ServingFabric.Releases;

/// <summary>A version registered through the management API (its artifact already imported into the repository).</summary>
/// <param name="Version">Version name (digits, as in the repository layout).</param>
/// <param name="ArtifactLocation">Where the artifact was imported from.</param>
/// <param name="Sha256">SHA-256 of the artifact (lower-case hex), verified on import and on every load.</param>
/// <param name="SetDefault">Make it the default version at once (otherwise it gets traffic only by version, canary or A/B).</param>
/// <param name="Optimization">How the optimizer made it from another version; null for a version not made that way.</param>
[GenerateSerializer, Immutable, Alias("sf.VersionRegistration")]
public sealed record VersionRegistration(
    [property: Id(0)] string Version,
    [property: Id(1)] string ArtifactLocation,
    [property: Id(2)] string Sha256,
    [property: Id(3)] bool SetDefault = false,
    [property: Id(4)] VersionOptimization? Optimization = null);

/// <summary>Where a version stands in its life.</summary>
public enum VersionLifecycle
{
    /// <summary>Deployed and routable (by version, default, canary or A/B).</summary>
    Active = 0,

    /// <summary>Taken out of service: no replicas, no traffic; its artifact stays in the repository.</summary>
    Retired = 1,
}

/// <summary>A version as the router knows it.</summary>
/// <param name="Version">Version name.</param>
/// <param name="Lifecycle">Active or retired.</param>
/// <param name="IsDefault">Whether unversioned requests go to it (outside a canary or A/B split).</param>
/// <param name="ArtifactLocation">Where it was registered from; null for versions found in the repository.</param>
/// <param name="Sha256">SHA-256 recorded at registration or in config.json; null when none.</param>
/// <param name="RegisteredAt">When it was registered or first deployed.</param>
/// <param name="RegisteredBy">Who registered it.</param>
/// <param name="TrafficPercent">Its share of unversioned requests now.</param>
/// <param name="Optimization">How the optimizer made it from another version; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("sf.ModelVersionInfo")]
public sealed record ModelVersionInfo(
    [property: Id(0)] string Version,
    [property: Id(1)] VersionLifecycle Lifecycle,
    [property: Id(2)] bool IsDefault,
    [property: Id(3)] string? ArtifactLocation,
    [property: Id(4)] string? Sha256,
    [property: Id(5)] DateTimeOffset RegisteredAt,
    [property: Id(6)] string RegisteredBy,
    [property: Id(7)] double TrafficPercent,
    [property: Id(8)] VersionOptimization? Optimization = null);
