using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Grains;

/// <summary>
/// One replica of a model version, keyed <c>model/version/index</c>. Replicas of a version on one silo share one
/// engine session and one dynamic batcher, so concurrent calls interleave into shared batches.
/// </summary>
public interface IModelReplicaGrain : IGrainWithStringKey
{
    /// <summary>Runs one request through the version's batcher.</summary>
    [AlwaysInterleave]
    Task<InferenceResponse> Infer(InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Waits until the model is loaded (or failed) and returns the status; warms a fresh activation.</summary>
    [AlwaysInterleave]
    Task<ReplicaStatus> EnsureLoaded(CancellationToken cancellationToken = default);

    /// <summary>The current status without waiting for a load.</summary>
    [AlwaysInterleave]
    Task<ReplicaStatus> GetStatus();

    /// <summary>Releases the model and deactivates once requests in flight finish.</summary>
    Task Unload();

    /// <summary>
    /// Migrates once requests in flight finish to the silo placement chooses now (the router's supervisor uses it to
    /// move a replica back into the zone the spread wants it in); stays put when placement chooses this silo.
    /// </summary>
    Task Relocate();
}
