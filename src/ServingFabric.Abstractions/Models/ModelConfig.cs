namespace ServingFabric.Models;

/// <summary>
/// A model's serving configuration, read from <c>&lt;repository&gt;/&lt;model&gt;/config.json</c>.
/// </summary>
/// <param name="Platform">The engine, for example <c>onnxruntime_onnx</c>.</param>
/// <param name="MaxBatchSize">Largest batch (first dimension) the model accepts; 0 disables batching.</param>
/// <param name="DynamicBatching">Batching settings; null runs each request on its own.</param>
/// <param name="EngineThreads">ONNX Runtime intra-op threads per session. Default 1.</param>
/// <param name="Versions">Per-version settings (SHA-256 of the artifact), keyed by version.</param>
/// <param name="DefaultVersion">The version served when a request names none; null means the highest.</param>
/// <param name="Deterministic">
/// True when the same inputs always give the same outputs (no sampling, no state): fronts may then answer a repeated
/// request from their silo's response cache. Default false.
/// </param>
/// <param name="Replicas">Replicas per version (min kept running, max for an autoscaler); null means the silo's default (ServingFabric:Deployment:DefaultMinReplicas).</param>
/// <param name="InstanceCount">Batches (or, without batching, requests) each replica set runs at once on a silo, each on its own thread: Triton's instance count. Default 1.</param>
/// <param name="Memory">ONNX Runtime memory settings (CPU arena, memory pattern); null means the defaults (both on).</param>
/// <param name="Probe">
/// A sample inference request (an Open Inference Protocol request body, as JSON text) that every gateway silo sends
/// through the model's front every <c>ServingFabric:Gateway:ProbeInterval</c>, so availability is measured without traffic;
/// null: the model is not probed.
/// </param>
/// <param name="Execution">Where the engine runs (CPU, or a GPU through CUDA); null means the CPU.</param>
/// <param name="Slo">The availability and latency objective; null means <see cref="ServiceLevelObjective.Default"/> (99.9 % within 1 s).</param>
[GenerateSerializer, Immutable, Alias("sf.ModelConfig")]
public sealed record ModelConfig(
    [property: Id(0)] string Platform = ModelConfig.OnnxRuntimePlatform,
    [property: Id(1)] int MaxBatchSize = 0,
    [property: Id(2)] DynamicBatchingSpec? DynamicBatching = null,
    [property: Id(3)] int EngineThreads = 1,
    [property: Id(4)] IReadOnlyDictionary<string, ModelVersionConfig>? Versions = null,
    [property: Id(5)] string? DefaultVersion = null,
    [property: Id(6)] bool Deterministic = false,
    [property: Id(7)] ReplicaBounds? Replicas = null,
    [property: Id(20)] int InstanceCount = 1,
    [property: Id(21)] EngineMemorySpec? Memory = null,
    [property: Id(22)] ServiceLevelObjective? Slo = null,
    [property: Id(23)] string? Probe = null,
    [property: Id(24)] ExecutionSpec? Execution = null)
{
    /// <summary>The platform name of the ONNX Runtime engine.</summary>
    public const string OnnxRuntimePlatform = "onnxruntime_onnx";

    /// <summary>True when the model asks for a GPU (<see cref="ExecutionSpec.UsesGpu"/>).</summary>
    public bool UsesGpu => Execution?.UsesGpu == true;
}
