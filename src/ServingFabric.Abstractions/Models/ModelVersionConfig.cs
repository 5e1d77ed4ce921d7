namespace ServingFabric.Models;

/// <summary>Settings of one version in <c>config.json</c>.</summary>
/// <param name="Sha256">Expected SHA-256 of the artifact (hex); when set, a mismatch refuses the version at load.</param>
[GenerateSerializer, Immutable, Alias("sf.ModelVersionConfig")]
public sealed record ModelVersionConfig([property: Id(0)] string? Sha256 = null);
