namespace ServingFabric.Contracts.Security.Secrets;

/// <summary>
/// Reads secrets by reference from Azure Key Vault or mounted files, audits every access, and tells consumers when a
/// secret has a new version (Key Vault polled every <c>ServingFabric:Secrets:PollInterval</c>, 5 min by default; files
/// watched). One per process (a singleton in DI). Values never reach logs, events, metrics, exceptions or responses.
/// </summary>
public interface ISecretStore
{
    /// <summary>
    /// The current value of a secret, read from its store (audited as a read by <paramref name="component"/>).
    /// Throws <see cref="SecretStoreException"/> naming the reference and store, never the value, when it cannot be read.
    /// </summary>
    /// <param name="reference">The secret.</param>
    /// <param name="component">Who reads it, for the audit record (for example <c>gateway.api-keys</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<SecretValue> GetAsync(SecretReference reference, string component, CancellationToken cancellationToken = default);

    /// <summary>The versions of a secret, newest first (audited as a list).</summary>
    Task<IReadOnlyList<SecretVersionInfo>> ListVersionsAsync(SecretReference reference, string component, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches a secret: <paramref name="changed"/> is called with each new version seen after <paramref name="current"/>
    /// (each refresh is audited). The callback applies the value (parse, swap) and throws when it cannot: the store then
    /// logs the failure (what to do about it), counts it (<c>servingfabric_secret_rotation_failures_total</c>), keeps
    /// treating <paramref name="current"/> as in force, and does not offer that version again. Dispose to stop.
    /// </summary>
    IDisposable Watch(SecretReference reference, string component, SecretValue current, Func<SecretValue, CancellationToken, Task> changed);

    /// <summary>Every secret read so far, for <c>fabric secrets status</c>: no values.</summary>
    IReadOnlyList<SecretStatus> Status();
}

/// <summary>A referenced secret's state in this process (never its value).</summary>
/// <param name="Reference">The reference as written in settings.</param>
/// <param name="Store">The store kind (<c>KeyVault</c> or <c>File</c>).</param>
/// <param name="Component">The component that reads it.</param>
/// <param name="Version">The version in force.</param>
/// <param name="VersionCreatedOn">When that version was created, when known (its age).</param>
/// <param name="LastRotation">When a new version was last applied in this process, if ever.</param>
/// <param name="LastCheck">When the store was last asked.</param>
/// <param name="NextCheck">When it will be asked next.</param>
/// <param name="LastError">The last refresh or rotation failure (no value in it), or null.</param>
public sealed record SecretStatus(
    string Reference, string Store, string Component, string Version, DateTimeOffset? VersionCreatedOn,
    DateTimeOffset? LastRotation, DateTimeOffset LastCheck, DateTimeOffset NextCheck, string? LastError);

/// <summary>A secret could not be read or applied. The message names the reference and store, never the value.</summary>
public sealed class SecretStoreException : Exception
{
    public SecretStoreException(string message) : base(message) { }

    public SecretStoreException(string message, Exception inner) : base(message, inner) { }

    /// <param name="message">What failed, naming the reference and store.</param>
    /// <param name="outcome">The audit outcome: <c>not_found</c>, <c>denied</c>, <c>unreachable</c> or <c>error</c>.</param>
    /// <param name="inner">The cause; its message must not carry the value either.</param>
    public SecretStoreException(string message, string outcome, Exception? inner = null) : base(message, inner) => Outcome = outcome;

    /// <summary>The audit outcome of the failed access.</summary>
    public string Outcome { get; } = "error";
}
