using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Hosting;

/// <summary>Checks each artifact against the SHA-256 its config.json declares before a silo loads it.</summary>
internal sealed class RepositoryArtifactVerifier : IArtifactVerifier
{
    public void Verify(string artifactPath, string? expectedSha256, string modelName, string version) =>
        ArtifactVerifier.Verify(artifactPath, expectedSha256, modelName, version);
}
