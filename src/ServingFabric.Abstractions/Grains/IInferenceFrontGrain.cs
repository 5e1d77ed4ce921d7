using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains;

/// <summary>
/// The per-model entry point on every gateway silo (a stateless worker pool, keyed by model name): validates
/// requests against the model's metadata, picks version and replica from the cached routing table, calls with a deadline.
/// A name the catalog does not know is answered 404 without calling its router (<see cref="IKnownModels"/>).
/// </summary>
public interface IInferenceFrontGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs <paramref name="request"/> for <paramref name="caller"/>, the authenticated principal it is made for (the
    /// gateway passes <c>key:&lt;name&gt;</c>, <c>jwt:&lt;sub&gt;</c>, <c>loopback</c> or <c>anonymous</c>; an Orleans
    /// client its own name). Request ids are namespaced by caller for feedback: only this caller can reward it.
    /// </summary>
    Task<InferenceResponse> Infer(InferenceRequest request, string caller, CancellationToken cancellationToken = default);

    /// <summary>Metadata of a version (null: the default version). 404 when unknown, 503 when not loaded.</summary>
    Task<ModelMetadata> GetMetadata(string? version, CancellationToken cancellationToken = default);

    /// <summary>Whether a version (null: the default version) has a ready replica, and why not.</summary>
    Task<ModelReadiness> GetReadiness(string? version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Feedback for a request this silo served (<c>POST /v1/models/{name}/feedback</c>): the reward is added to the arm
    /// that served request <paramref name="requestId"/> of <paramref name="caller"/> (the principal that sent it; the
    /// gateway lets only that principal, or one holding the <c>feedback</c> scope for the model, name it). 404 when
    /// that caller's id is unknown here (never served, or forgotten), 409 when already rewarded, 400 when the reward is
    /// outside the accepted range (<see cref="RewardRange"/>).
    /// </summary>
    Task<FeedbackReceipt> RecordFeedback(string requestId, string caller, double reward, CancellationToken cancellationToken = default);
}
