using Microsoft.ML.OnnxRuntime;

namespace ServingFabric.Optimization.Graph;

/// <summary>
/// Runs ONNX Runtime's graph optimizer once and keeps what it wrote (<see cref="SessionOptions.OptimizedModelFilePath"/>),
/// so silos load a graph that is already rewritten instead of paying the rewrite at every start.
/// </summary>
public static class OfflineGraphOptimizer
{
    /// <summary>The optimized model's bytes.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime could not load the model.</exception>
    public static byte[] Optimize(byte[] model, GraphLevel level)
    {
        ArgumentNullException.ThrowIfNull(model);
        var folder = Directory.CreateTempSubdirectory("sf-optimize-");
        try
        {
            var path = Path.Combine(folder.FullName, "optimized.onnx");
            using (var options = new SessionOptions())
            {
                options.GraphOptimizationLevel = level == GraphLevel.Basic
                    ? GraphOptimizationLevel.ORT_ENABLE_BASIC
                    : GraphOptimizationLevel.ORT_ENABLE_EXTENDED;
                options.OptimizedModelFilePath = path;
                using var session = new InferenceSession(model, options);
            }

            return File.ReadAllBytes(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
