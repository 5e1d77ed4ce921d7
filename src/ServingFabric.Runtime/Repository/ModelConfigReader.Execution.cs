using System.Text.Json;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>
/// Where the engine runs: <c>"execution": {"provider": "cuda", "device": 0, "gpu_memory_limit_bytes": 2147483648,
/// "cudnn_conv_algo_search": "heuristic", "fallback": "cpu"}</c>.
/// </summary>
internal sealed partial class ModelConfigReader
{
    public const string ExecutionField = "execution";
    public const string ExecutionProviderField = "provider";
    public const string ExecutionDeviceField = "device";
    public const string ExecutionGpuMemoryLimitField = "gpu_memory_limit_bytes";
    public const string ExecutionCudnnConvAlgoSearchField = "cudnn_conv_algo_search";
    public const string ExecutionFallbackField = "fallback";

    /// <summary>The highest CUDA device id config.json may name.</summary>
    public const int MaxGpuDevice = 63;

    /// <summary>The smallest GPU memory limit accepted: below this no session of any model fits.</summary>
    public const long MinGpuMemoryLimitBytes = 16L << 20;

    private static readonly string[] ExecutionFields =
        [ExecutionProviderField, ExecutionDeviceField, ExecutionGpuMemoryLimitField, ExecutionCudnnConvAlgoSearchField, ExecutionFallbackField];

    private ExecutionSpec ReadExecution(JsonElement element)
    {
        var fields = Fields(element, ExecutionField, ExecutionFields);
        var providerPath = $"{ExecutionField}.{ExecutionProviderField}";
        var provider = fields.TryGetValue(ExecutionProviderField, out var p)
            ? Word(p, providerPath, ExecutionWords.Providers)
            : ExecutionProvider.Cpu;

        int? device = null;
        if (fields.TryGetValue(ExecutionDeviceField, out var d) && d.ValueKind != JsonValueKind.Null)
        {
            var devicePath = $"{ExecutionField}.{ExecutionDeviceField}";
            device = Int(d, devicePath, min: 0, $"a CUDA device id from 0 to {MaxGpuDevice}, or no device to let the silo choose");
            if (device > MaxGpuDevice)
            {
                throw Invalid(devicePath, $"is {device}", $"a CUDA device id from 0 to {MaxGpuDevice}");
            }
        }

        long? limit = null;
        if (fields.TryGetValue(ExecutionGpuMemoryLimitField, out var l) && l.ValueKind != JsonValueKind.Null)
        {
            var limitPath = $"{ExecutionField}.{ExecutionGpuMemoryLimitField}";
            var expected = $"a whole number of bytes of at least {MinGpuMemoryLimitBytes} (16 MiB), such as 2147483648 for 2 GiB";
            if (l.ValueKind != JsonValueKind.Number || !l.TryGetInt64(out var bytes))
            {
                throw Invalid(limitPath, $"is {Describe(l)}", expected);
            }

            limit = bytes >= MinGpuMemoryLimitBytes ? bytes : throw Invalid(limitPath, $"is {bytes}", expected);
        }

        CudnnConvAlgoSearch? search = fields.TryGetValue(ExecutionCudnnConvAlgoSearchField, out var s) && s.ValueKind != JsonValueKind.Null
            ? Word(s, $"{ExecutionField}.{ExecutionCudnnConvAlgoSearchField}", ExecutionWords.ConvAlgoSearches)
            : null;
        var fallback = fields.TryGetValue(ExecutionFallbackField, out var f) && f.ValueKind != JsonValueKind.Null
            ? Word(f, $"{ExecutionField}.{ExecutionFallbackField}", ExecutionWords.Fallbacks)
            : ExecutionFallback.None;

        if (provider == ExecutionProvider.Cpu)
        {
            // GPU settings on a CPU model are a typo or a half-done edit: say so rather than ignore them.
            var gpuOnly = new[] { ExecutionDeviceField, ExecutionGpuMemoryLimitField, ExecutionCudnnConvAlgoSearchField, ExecutionFallbackField }
                .FirstOrDefault(name => fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null);
            if (gpuOnly is not null)
            {
                throw Invalid($"{ExecutionField}.{gpuOnly}", "is set while the provider is cpu", $"{providerPath} \"cuda\", or no {gpuOnly}");
            }
        }

        return new ExecutionSpec(provider, device, limit, search, fallback);
    }

    private T Word<T>(JsonElement element, string path, IReadOnlyDictionary<string, T> words)
    {
        var text = String(element, path);
        return words.TryGetValue(text, out var value)
            ? value
            : throw Invalid(path, $"is '{text}'", $"one of: {string.Join(", ", words.Keys)}");
    }
}

/// <summary>The words config.json uses for execution settings, and back.</summary>
internal static class ExecutionWords
{
    public static readonly IReadOnlyDictionary<string, ExecutionProvider> Providers =
        new Dictionary<string, ExecutionProvider>(StringComparer.Ordinal) { ["cpu"] = ExecutionProvider.Cpu, ["cuda"] = ExecutionProvider.Cuda };

    public static readonly IReadOnlyDictionary<string, CudnnConvAlgoSearch> ConvAlgoSearches =
        new Dictionary<string, CudnnConvAlgoSearch>(StringComparer.Ordinal)
        {
            ["exhaustive"] = CudnnConvAlgoSearch.Exhaustive,
            ["heuristic"] = CudnnConvAlgoSearch.Heuristic,
            ["default"] = CudnnConvAlgoSearch.Default,
        };

    public static readonly IReadOnlyDictionary<string, ExecutionFallback> Fallbacks =
        new Dictionary<string, ExecutionFallback>(StringComparer.Ordinal) { ["none"] = ExecutionFallback.None, ["cpu"] = ExecutionFallback.Cpu };

    public static string Of<T>(IReadOnlyDictionary<string, T> words, T value) where T : struct, Enum =>
        words.First(w => EqualityComparer<T>.Default.Equals(w.Value, value)).Key;
}
