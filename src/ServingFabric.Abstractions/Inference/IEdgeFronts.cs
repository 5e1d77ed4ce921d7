using System.Diagnostics.CodeAnalysis;

namespace ServingFabric.Inference;

/// <summary>
/// Runs requests at the edge, on the thread that read them, with the front's own request path but without the call to
/// the model's front grain (its messages and thread hand-offs are a large part of a small model's cost per request),
/// while a front of this silo published a fresh routing table whose traffic is fixed (no split, mirror, injected fault
/// or running release). Registered on silos that host fronts; the HTTP and gRPC edges try it for every request.
/// Thread-safe.
/// </summary>
public interface IEdgeFronts
{
    /// <summary>
    /// Starts <paramref name="request"/> for <paramref name="caller"/> here; false when the model's front grain must run it
    /// (no fresh fixed table, a version whose metadata the silo does not know yet): then nothing was counted.
    /// </summary>
    bool TryInfer(InferenceRequest request, string caller, CancellationToken cancellationToken, [NotNullWhen(true)] out Task<InferenceResponse>? response);
}
