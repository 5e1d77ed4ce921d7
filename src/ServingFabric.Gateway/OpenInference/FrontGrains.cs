using System.Collections.Concurrent;
using ServingFabric.Grains;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>
/// The per-model front grain references, each made once. Orleans resolves a grain interface's type by reflection on
/// every <c>GetGrain</c> (2-4 % of a cache hit's CPU in the benchmarks); a reference is immutable and safe to share.
/// Bounded, because model names come from request paths: past the bound, references are made per request again.
/// </summary>
internal sealed class FrontGrains(IGrainFactory grains, IEdgeAnswers? edge = null, int capacity = FrontGrains.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, IInferenceFrontGrain> _fronts = new(StringComparer.Ordinal);

    /// <summary>How many references are kept.</summary>
    public int Count => _fronts.Count;

    /// <summary>
    /// Runs <paramref name="request"/>: answered here when the silo's fronts allow it (a cache hit, see
    /// <see cref="IEdgeAnswers"/>), else by the model's front grain.
    /// </summary>
    public ValueTask<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return edge is not null && edge.TryAnswer(request, out var answer)
            ? ValueTask.FromResult(answer)
            : new ValueTask<InferenceResponse>(For(request.ModelName).Infer(request, cancellationToken));
    }

    /// <summary>The front of <paramref name="model"/>.</summary>
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
}
