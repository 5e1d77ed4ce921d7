using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains;

/// <summary>
/// The per-model entry point on every gateway silo (a stateless worker pool, keyed by model name): validates
/// requests against the model's metadata, picks version and replica from the cached routing table, calls with a deadline.
/// </summary>
public interface IInferenceFrontGrain : IGrainWithStringKey
{
    Task<InferenceResponse> Infer(InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Metadata of a version (null: the default version). 404 when unknown, 503 when not loaded.</summary>
    Task<ModelMetadata> GetMetadata(string? version, CancellationToken cancellationToken = default);

    /// <summary>Whether a version (null: the default version) has a ready replica, and why not.</summary>
    Task<ModelReadiness> GetReadiness(string? version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Feedback for a request this silo served (<c>POST /v1/models/{name}/feedback</c>): the reward is added to the arm
    /// that served <paramref name="requestId"/>. 404 when the id is unknown here (never served, or forgotten).
    /// </summary>
    Task<FeedbackReceipt> RecordFeedback(string requestId, double reward, CancellationToken cancellationToken = default);
}
