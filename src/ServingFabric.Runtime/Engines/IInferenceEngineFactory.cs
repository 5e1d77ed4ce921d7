using ServingFabric.Models;

namespace ServingFabric.Runtime.Engines;

/// <summary>Creates engines for a platform, so a TorchScript or TensorRT engine can plug in beside ONNX Runtime.</summary>
public interface IInferenceEngineFactory
{
    /// <summary>The platform this factory loads, for example <c>onnxruntime_onnx</c>.</summary>
    string Platform { get; }

    /// <summary>Loads <paramref name="artifactPath"/>; throws <see cref="Inference.InferenceException"/> with a clear message when it cannot.</summary>
    IInferenceEngine Create(string modelName, string version, string artifactPath, ModelConfig config);
}
