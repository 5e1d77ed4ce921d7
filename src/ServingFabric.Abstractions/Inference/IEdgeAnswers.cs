using System.Diagnostics.CodeAnalysis;

namespace ServingFabric.Inference;

/// <summary>
/// Answers repeated requests of deterministic models at the edge, before the call to the model's front grain, where
/// the front would give the same answer from the silo's response cache; a grain call is a large part of a cache hit's
/// CPU. Registered on silos that host fronts; the HTTP and gRPC edges call it for every request. Thread-safe.
/// </summary>
public interface IEdgeAnswers
{
    /// <summary>
    /// The cached answer to <paramref name="request"/>, counted as the front counts a hit; false when the front must
    /// handle the request (a miss, a table the edge may not answer for, an invalid request): then nothing was counted.
    /// </summary>
    bool TryAnswer(InferenceRequest request, [NotNullWhen(true)] out InferenceResponse? response);
}
