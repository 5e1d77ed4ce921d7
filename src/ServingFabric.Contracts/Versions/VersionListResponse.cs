namespace ServingFabric.Contracts.Versions;

/// <summary><c>GET /v1/models/{name}/versions</c> (and the answer of set default and retire): the version registry.</summary>
/// <param name="Model">The model.</param>
/// <param name="Versions">Its versions, retired ones included; each without <c>model</c>.</param>
public sealed record VersionListResponse(string Model, IReadOnlyList<VersionResponse> Versions);
