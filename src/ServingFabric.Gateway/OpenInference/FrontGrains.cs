using System.Collections.Concurrent;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>
/// The per-model front grain references, each made once. Orleans resolves a grain interface's type by reflection on
/// every <c>GetGrain</c> (2-4 % of a cache hit's CPU in the benchmarks); a reference is immutable and safe to share.
/// Bounded, because model names come from request paths: past the bound, references are made per request again.
/// A name the catalog does not know (<see cref="IKnownModels"/>) is refused with 404 before any grain is called.
/// </summary>
internal sealed class FrontGrains(
    IGrainFactory grains, IKnownModels knownModels, IEdgeAnswers? edge = null, IEdgeFronts? edgeFronts = null, int capacity = FrontGrains.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, IInferenceFrontGrain> _fronts = new(StringComparer.Ordinal);

    /// <summary>How many references are kept.</summary>
    public int Count => _fronts.Count;

    /// <summary>
    /// Runs <paramref name="request"/> for <paramref name="caller"/> (the authenticated principal, which namespaces its
    /// request ids for feedback): 404 when the model is unknown, run here with the front's own path when the silo's
    /// fronts allow it (<see cref="IEdgeFronts"/>), or answered here from the cache (where the edge does not run requests,
    /// see <see cref="IEdgeAnswers"/>), else by the model's front grain. The edge needs no feedback entries: it runs requests
    /// only while no release runs, and only answers given during a release can be rewarded.
    /// </summary>
    public ValueTask<InferenceResponse> InferAsync(InferenceRequest request, string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(caller);
        if (!knownModels.IsKnown(request.ModelName))
        {
            return InferAfterCatalogAsync(request, caller, cancellationToken);
        }

        if (edgeFronts is not null && edgeFronts.TryInfer(request, caller, cancellationToken, out var running))
        {
            return new ValueTask<InferenceResponse>(running);
        }

        return edge is not null && edge.TryAnswer(request, out var answer)
            ? ValueTask.FromResult(answer)
            : new ValueTask<InferenceResponse>(For(request.ModelName).Infer(request, caller, cancellationToken));
    }

    /// <summary>The front of <paramref name="model"/>; callers check that the model is known first.</summary>
    public IInferenceFrontGrain For(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_fronts.TryGetValue(model, out var front))
        {
            return front;
        }

        front = grains.GetGrain<IInferenceFrontGrain>(model);
        if (_fronts.Count < capacity)
        {
            _fronts.TryAdd(model, front);
        }

        return front;
    }

    // A model deployed a moment ago on another silo is found by the view's read on a miss.
    private async ValueTask<InferenceResponse> InferAfterCatalogAsync(InferenceRequest request, string caller, CancellationToken cancellationToken)
    {
        await ModelEndpoints.EnsureKnownAsync(knownModels, request.ModelName, cancellationToken);
        return await For(request.ModelName).Infer(request, caller, cancellationToken);
    }
}
