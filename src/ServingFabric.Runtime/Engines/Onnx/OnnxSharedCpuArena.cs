using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>
/// The process's one shared CPU arena: an allocator registered on ONNX Runtime's environment, which sessions opt
/// into with <c>session.use_env_allocators</c>. It is the only way ONNX Runtime bounds a CPU arena.
/// </summary>
internal static class OnnxSharedCpuArena
{
    /// <summary>The session config entry that makes a session allocate from the environment's allocators.</summary>
    public const string UseEnvironmentAllocators = "session.use_env_allocators";

    // ONNX Runtime's arena extend strategies: 0 doubles each extension (kNextPowerOfTwo), 1 extends by what is asked.
    private const int ExtendBySameAsRequested = 1;
    private const int RuntimeDefault = -1;

    private static readonly object Registration = new();
    private static long _registeredMaxBytes;

    /// <summary>Registers the arena with <paramref name="maxBytes"/> on first use; later calls must ask for the same size.</summary>
    /// <exception cref="InvalidOperationException">This process already shares an arena of another size.</exception>
    public static void EnsureRegistered(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, OnnxRuntimeOptions.MaxArenaBytes);
        lock (Registration)
        {
            if (_registeredMaxBytes == maxBytes)
            {
                return;
            }

            if (_registeredMaxBytes != 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"this process already shares an ONNX Runtime CPU arena of {_registeredMaxBytes} bytes and cannot add one of {maxBytes}: ONNX Runtime holds one per process, so give every silo in the process the same ServingFabric:Silo:OnnxArenaMaxBytes"));
            }

            using var memoryInfo = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
            using var arena = new OrtArenaCfg((uint)maxBytes, ExtendBySameAsRequested, RuntimeDefault, RuntimeDefault);
            OrtEnv.Instance().CreateAndRegisterAllocator(memoryInfo, arena);
            _registeredMaxBytes = maxBytes;
        }
    }

    /// <summary>Whether an ONNX Runtime failure is the shared arena refusing an allocation.</summary>
    public static bool IsExhausted(OnnxRuntimeException exception) =>
        Volatile.Read(ref _registeredMaxBytes) != 0
        && (exception.Message.Contains("Failed to allocate memory", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("is smaller than requested bytes", StringComparison.OrdinalIgnoreCase));

    /// <summary>The size of the shared arena, 0 when none is registered.</summary>
    public static long RegisteredMaxBytes => Volatile.Read(ref _registeredMaxBytes);
}
