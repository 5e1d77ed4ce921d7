using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Hosting.Secrets;

/// <summary>One kind of secret store (Key Vault, mounted files). Failures are <see cref="SecretStoreException"/> with an audit outcome.</summary>
internal interface ISecretBackend
{
    /// <summary>The current version of the secret.</summary>
    Task<SecretValue> GetAsync(SecretReference reference, CancellationToken cancellationToken);

    /// <summary>Its versions, newest first.</summary>
    Task<IReadOnlyList<SecretVersionInfo>> ListVersionsAsync(SecretReference reference, CancellationToken cancellationToken);
}
