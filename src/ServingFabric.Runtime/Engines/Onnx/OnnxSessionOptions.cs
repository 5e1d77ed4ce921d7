using Microsoft.ML.OnnxRuntime;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>Session options for serving beside Orleans and Kestrel on the same cores.</summary>
internal static class OnnxSessionOptions
{
    /// <param name="modelName">For ONNX Runtime's log id.</param>
    /// <param name="version">For ONNX Runtime's log id.</param>
    /// <param name="config">Engine threads and memory settings.</param>
    /// <param name="sharedArenaMaxBytes">Above 0: a session with the arena on allocates from the process's shared, capped arena.</param>
    public static SessionOptions Create(string modelName, string version, ModelConfig config, long sharedArenaMaxBytes)
    {
        var memory = config.Memory ?? new EngineMemorySpec();
        var options = new SessionOptions
        {
            // 0 would mean "one thread per core" to ORT: never what a shared silo wants.
            IntraOpNumThreads = Math.Max(1, config.EngineThreads),
            // Batches run one at a time per session, so parallel branches buy nothing but contention.
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableCpuMemArena = memory.Arena,
            EnableMemoryPattern = memory.MemoryPattern,
            LogId = $"{modelName}/{version}",
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
        };

        // Spinning threads burn whole cores between batches, starving the grain scheduler and the gateway.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        if (UsesSharedArena(config, sharedArenaMaxBytes))
        {
            OnnxSharedCpuArena.EnsureRegistered(sharedArenaMaxBytes);
            options.AddSessionConfigEntry(OnnxSharedCpuArena.UseEnvironmentAllocators, "1");
        }

        return options;
    }

    /// <summary>Whether a session of <paramref name="config"/> allocates from the shared arena.</summary>
    public static bool UsesSharedArena(ModelConfig config, long sharedArenaMaxBytes) =>
        sharedArenaMaxBytes > 0 && (config.Memory?.Arena ?? true);
}
