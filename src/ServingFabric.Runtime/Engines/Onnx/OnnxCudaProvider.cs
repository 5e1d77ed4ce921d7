using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>
/// ONNX Runtime's CUDA execution provider for a model's <see cref="ExecutionSpec"/>: the provider options, and whether
/// this process's ONNX Runtime has the provider at all (the GPU build, <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c>, does;
/// the default CPU build does not).
/// </summary>
internal static class OnnxCudaProvider
{
    public const string ProviderName = "CUDAExecutionProvider";

    private static readonly Lazy<bool> Present = new(() => OrtEnv.Instance().GetAvailableProviders().Contains(ProviderName, StringComparer.Ordinal));

    /// <summary>True when this ONNX Runtime build carries the CUDA provider.</summary>
    public static bool IsAvailable => Present.Value;

    /// <summary>
    /// The provider options for a session of <paramref name="execution"/> on device <paramref name="deviceId"/>, as
    /// ONNX Runtime names them (<c>OrtCUDAProviderOptionsV2</c> keys).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Options(ExecutionSpec execution, int deviceId)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = deviceId.ToString(CultureInfo.InvariantCulture),
            // Copies on the compute stream: ordered with the kernels, no extra synchronisation between batches.
            ["do_copy_in_default_stream"] = "1",
        };

        if (execution.GpuMemoryLimitBytes is { } limit)
        {
            options["gpu_mem_limit"] = limit.ToString(CultureInfo.InvariantCulture);
            // Doubling the arena on growth would overshoot a budget shared with other sessions on the device.
            options["arena_extend_strategy"] = "kSameAsRequested";
        }

        if (execution.CudnnConvAlgoSearch is { } search)
        {
            options["cudnn_conv_algo_search"] = search switch
            {
                CudnnConvAlgoSearch.Heuristic => "HEURISTIC",
                CudnnConvAlgoSearch.Default => "DEFAULT",
                _ => "EXHAUSTIVE",
            };
        }

        return options;
    }

    /// <summary>Appends the CUDA provider to <paramref name="sessionOptions"/>; ONNX Runtime falls back to CPU per node only for kernels CUDA lacks.</summary>
    public static void Append(SessionOptions sessionOptions, ExecutionSpec execution, int deviceId)
    {
        ArgumentNullException.ThrowIfNull(sessionOptions);
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(Options(execution, deviceId).ToDictionary());
        sessionOptions.AppendExecutionProvider_CUDA(cuda);
    }
}
