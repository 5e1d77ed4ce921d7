using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Client;

/// <summary>
/// Calls a ServingFabric cluster: over Orleans from .NET services inside the cluster, or over the Open Inference
/// Protocol (HTTP or gRPC) from anywhere. Failures the server reports surface as <see cref="InferenceException"/> with
/// the same <see cref="InferenceErrorKind"/> on every transport.
/// </summary>
public interface IInferenceClient
{
    /// <summary>
    /// Runs one request. When <see cref="InferenceRequest.Deadline"/> is null the client sets one from
    /// <see cref="ServingFabricClientOptions.DefaultTimeout"/>; past it the call fails with
    /// <see cref="InferenceErrorKind.DeadlineExceeded"/>.
    /// </summary>
    Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Metadata of a model version (null: the version the server serves by default).</summary>
    Task<ModelMetadata> GetModelMetadataAsync(string model, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>Whether the model version can serve now; false (not an exception) for an unknown model or version.</summary>
    Task<bool> IsModelReadyAsync(string model, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>Whether every model the server knows is ready.</summary>
    Task<bool> IsServerReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the server answers at all.</summary>
    Task<bool> IsServerLiveAsync(CancellationToken cancellationToken = default);
}
