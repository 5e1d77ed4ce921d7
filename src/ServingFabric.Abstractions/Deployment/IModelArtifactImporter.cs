namespace ServingFabric.Deployment;

/// <summary>
/// Imports a model version's artifact into the model repository, verifying its SHA-256 while copying. A service of
/// every silo: the artifact is read from the silo that received the request (a path on it or on a volume it mounts)
/// and lands in that silo's repository folder, which the other silos share.
/// </summary>
public interface IModelArtifactImporter
{
    /// <summary>
    /// Imports <paramref name="source"/> (an absolute path or a <c>file://</c> URI, within the configured import roots)
    /// as <paramref name="version"/> of <paramref name="modelName"/>. Returns true when it was copied, false when the
    /// identical artifact was already there. Throws <see cref="Inference.InferenceException"/>: InvalidInput (bad name,
    /// digest or source, digest mismatch; nothing is left behind), NotFound (no such model folder), Conflict (a
    /// different artifact or digest is already recorded for the version), Unavailable (the repository cannot be written).
    /// </summary>
    Task<bool> ImportAsync(string modelName, string version, string source, string sha256, CancellationToken cancellationToken = default);

    /// <summary>
    /// Imports <paramref name="artifact"/>, made on this silo (by the model optimizer), as <paramref name="version"/> of
    /// <paramref name="modelName"/>, and returns its SHA-256 (lower-case hex). Throws as the file import does.
    /// </summary>
    /// <param name="origin">What made it, for the log.</param>
    Task<string> ImportAsync(string modelName, string version, ReadOnlyMemory<byte> artifact, string origin, CancellationToken cancellationToken = default);

    /// <summary>
    /// The artifact of a version in the repository, verified against the digest config.json records. Throws
    /// <see cref="Inference.InferenceException"/>: InvalidInput (bad name, larger than <paramref name="maxBytes"/>),
    /// NotFound (no such artifact), Conflict (not the recorded digest).
    /// </summary>
    Task<byte[]> ReadAsync(string modelName, string version, long maxBytes, CancellationToken cancellationToken = default);
}
