using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Batching;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Validation;

namespace ServingFabric.Runtime.Hosting;

/// <summary>A model version loaded on this silo: one engine session and one batcher, shared by its replicas here.</summary>
public sealed class LoadedModel
{
    private int _inFlight;

    internal LoadedModel(string modelName, string version, ModelConfig config, ModelMetadata metadata, DynamicBatcher batcher, IInferenceEngine engine)
    {
        ModelName = modelName;
        Version = version;
        Config = config;
        Metadata = metadata;
        Batcher = batcher;
        Engine = engine;
    }

    public string ModelName { get; }

    public string Version { get; }

    /// <summary>The model's config.json as it was when the version loaded.</summary>
    public ModelConfig Config { get; }

    /// <summary>Inputs and outputs as the engine reports them, with the config's max batch size.</summary>
    public ModelMetadata Metadata { get; }

    public DynamicBatcher Batcher { get; }

    internal IInferenceEngine Engine { get; }

    /// <summary>Requests inside <see cref="InferAsync"/> now, from every replica of this version on the silo.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Where the engine runs: <c>cpu</c>, <c>gpu 0 (GPU-…)</c>, or <c>cpu (fallback)</c> for a GPU model that found no
    /// GPU and may fall back.
    /// </summary>
    public string Device => Engine is GpuEngine gpu
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"gpu {gpu.Device.Index} ({gpu.Device.Uuid})")
        : Config.UsesGpu ? "cpu (fallback)" : "cpu";

    /// <summary>Why the GPU this model runs on failed; null on the CPU or while the GPU is healthy.</summary>
    public string? GpuFault => (Engine as GpuEngine)?.Fault;

    /// <summary>
    /// Guards the batch against <paramref name="request"/> (<see cref="ReplicaRequestGuard"/>: the front validated it in
    /// full, but a caller may have skipped the front), queues it in the batcher with its deadline,
    /// and answers with the requested outputs (every output, in model order, when it names none).
    /// </summary>
    public async Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rows = ReplicaRequestGuard.Check(request, Metadata);
        var outputNames = request.Outputs is { Count: > 0 } requested
            ? requested.Select(o => o.Name).ToArray()
            : [];
        Interlocked.Increment(ref _inFlight);
        try
        {
            var outputs = await Batcher.EnqueueAsync(request.Inputs, rows, outputNames, request.Deadline, ct).ConfigureAwait(false);
            return new InferenceResponse(request.Id, ModelName, Version, outputs);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
