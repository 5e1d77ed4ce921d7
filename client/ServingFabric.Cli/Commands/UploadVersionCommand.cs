namespace ServingFabric.Cli;

/// <summary>
/// <c>fabric versions register ... --upload &lt;container-url&gt;</c>: puts the local artifact into a blob repository and
/// records its SHA-256 in the model's config.json there; the silos download and verify it at their next poll.
/// </summary>
/// <param name="Url">The gateway (not contacted).</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The new version.</param>
/// <param name="Artifact">The local .onnx file.</param>
/// <param name="Sha256">The SHA-256 the caller expects the file to have.</param>
/// <param name="ContainerUri">The container's URL, with a SAS token allowing read, create and write.</param>
/// <param name="Prefix">The repository's folder in the container.</param>
/// <param name="MakeDefault">Also set config.json's default_version.</param>
internal sealed record UploadVersionCommand(
    Uri Url, string Model, string Version, string Artifact, string Sha256, Uri ContainerUri, string Prefix, bool MakeDefault) : CliCommand(Url);
