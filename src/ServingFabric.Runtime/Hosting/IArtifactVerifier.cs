namespace ServingFabric.Runtime.Hosting;

/// <summary>
/// Checks a model artifact before it is loaded (present, SHA-256 as configured), so a tampered or truncated file
/// is refused instead of served. Hosting plugs in the repository's verifier; without one nothing is checked.
/// </summary>
public interface IArtifactVerifier
{
    /// <summary>Throws <see cref="Inference.InferenceException"/> naming the file and what was expected when the artifact must not be served.</summary>
    void Verify(string artifactPath, string? expectedSha256, string modelName, string version);
}
