using Microsoft.ML.OnnxRuntime;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>Session options for serving beside Orleans and Kestrel on the same cores.</summary>
internal static class OnnxSessionOptions
{
    public static SessionOptions Create(string modelName, string version, ModelConfig config)
    {
        var options = new SessionOptions
        {
            // 0 would mean "one thread per core" to ORT: never what a shared silo wants.
            IntraOpNumThreads = Math.Max(1, config.EngineThreads),
            // Batches run one at a time per session, so parallel branches buy nothing but contention.
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogId = $"{modelName}/{version}",
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
        };

        // Spinning threads burn whole cores between batches, starving the grain scheduler and the gateway.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }
}
