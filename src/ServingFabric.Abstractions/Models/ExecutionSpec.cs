namespace ServingFabric.Models;

/// <summary>
/// Where a model's engine runs (config.json <c>"execution": {"provider": "cuda", "device": 0, "gpu_memory_limit_bytes": …,
/// "cudnn_conv_algo_search": "heuristic", "fallback": "cpu"}</c>). Null in <see cref="ModelConfig"/> means the CPU.
/// </summary>
/// <param name="Provider">The execution provider.</param>
/// <param name="Device">
/// The GPU (CUDA device id, as NVML indexes it) to use; null lets the silo choose the healthy GPU with the most room.
/// </param>
/// <param name="GpuMemoryLimitBytes">
/// The most GPU memory one session of a version may take (ONNX Runtime's <c>gpu_mem_limit</c>), and what placement
/// reserves for it on a GPU: replicas of several models share a GPU up to its memory. Null: the session takes a whole
/// GPU to itself.
/// </param>
/// <param name="CudnnConvAlgoSearch">How cuDNN picks convolution algorithms; null leaves ONNX Runtime's default (exhaustive).</param>
/// <param name="Fallback">What happens when no GPU can run the model; <see cref="ExecutionFallback.None"/> refuses, never silently.</param>
[GenerateSerializer, Immutable, Alias("sf.ExecutionSpec")]
public sealed record ExecutionSpec(
    [property: Id(0)] ExecutionProvider Provider = ExecutionProvider.Cpu,
    [property: Id(1)] int? Device = null,
    [property: Id(2)] long? GpuMemoryLimitBytes = null,
    [property: Id(3)] CudnnConvAlgoSearch? CudnnConvAlgoSearch = null,
    [property: Id(4)] ExecutionFallback Fallback = ExecutionFallback.None)
{
    /// <summary>True when the model asks for a GPU.</summary>
    public bool UsesGpu => Provider == ExecutionProvider.Cuda;
}

/// <summary>An engine's execution provider. Values are persisted: append new ones, never renumber.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU provider.</summary>
    Cpu = 0,
    /// <summary>ONNX Runtime's CUDA provider (silos built with ServingFabricGpu=true).</summary>
    Cuda = 1,
}

/// <summary>What a GPU model does when no GPU can run it. Values are persisted.</summary>
public enum ExecutionFallback
{
    /// <summary>Refuse to load: the replica is placed on a silo with a GPU, or not at all.</summary>
    None = 0,
    /// <summary>Load on the CPU, with a warning and an event saying so.</summary>
    Cpu = 1,
}

/// <summary>cuDNN's convolution algorithm search (ONNX Runtime's <c>cudnn_conv_algo_search</c>). Values are persisted.</summary>
public enum CudnnConvAlgoSearch
{
    /// <summary>Benchmark every algorithm once per shape: best kernels, slow first batches.</summary>
    Exhaustive = 0,
    /// <summary>cuDNN's heuristics: quick first batches.</summary>
    Heuristic = 1,
    /// <summary>The default algorithm, no search.</summary>
    Default = 2,
}
