using ServingFabric.Models;

namespace ServingFabric.Deployment;

/// <summary>
/// Brings models from the model repository into the cluster and takes them out again: Triton's repository extension
/// (index, load, unload). A service of every silo rather than a grain, because the repository is a folder the silo
/// mounts (a volume shared by the silos in a cluster): the silo that received the HTTP call reads it, as it always has.
/// </summary>
public interface IModelDeployer
{
    /// <summary>
    /// Deploys a model from the repository and waits for one replica of each version to load. Returns each version's
    /// readiness; a version that fails (for example a SHA-256 mismatch) does not stop the others. Throws
    /// <see cref="Inference.InferenceException"/>: NotFound when the repository has no such model, InvalidInput when
    /// its folder has no usable version.
    /// </summary>
    Task<IReadOnlyList<ModelReadiness>> LoadAsync(string modelName, CancellationToken cancellationToken);

    /// <summary>Takes a model out of service; its replicas release their sessions. NotFound when it is not deployed.</summary>
    Task UnloadAsync(string modelName);

    /// <summary>Every model version the repository or the cluster knows, with its state; only the ready ones when <paramref name="readyOnly"/>.</summary>
    Task<IReadOnlyList<RepositoryIndexEntry>> IndexAsync(bool readyOnly, CancellationToken cancellationToken);
}
