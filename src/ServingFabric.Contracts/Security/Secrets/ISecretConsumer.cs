namespace ServingFabric.Contracts.Security.Secrets;

/// <summary>
/// Something that holds the value of one secret-holding setting and takes new versions without a restart. When the
/// setting is a reference, the host watches it and calls <see cref="ApplyAsync"/> with each new version.
/// </summary>
public interface ISecretConsumer
{
    /// <summary>The setting (for example <c>ServingFabric:Gateway:AdminApiKey</c>).</summary>
    string Setting { get; }

    /// <summary>The component name in audit records (for example <c>gateway.admin-key</c>).</summary>
    string Component { get; }

    /// <summary>
    /// Swaps in a new version atomically, or throws (naming what is wrong with it, never the value) and keeps the
    /// version in force.
    /// </summary>
    Task ApplyAsync(SecretValue value, CancellationToken cancellationToken);
}
