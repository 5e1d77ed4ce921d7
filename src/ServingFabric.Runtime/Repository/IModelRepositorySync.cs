namespace ServingFabric.Runtime.Repository;

/// <summary>
/// A repository whose models live elsewhere (a blob container) and are brought into a local folder before use. The
/// silo syncs once before loading the repository and then every <see cref="PollInterval"/>.
/// </summary>
public interface IModelRepositorySync
{
    /// <summary>How often the silo looks for new versions.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>
    /// Brings new versions and changed configs into the local copy; returns the models that changed (sorted), so the
    /// caller can deploy them. A version that cannot be fetched or verified is logged and skipped, never installed.
    /// </summary>
    Task<IReadOnlyList<string>> SyncAsync(CancellationToken cancellationToken);
}
