using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Tensors;

namespace ServingFabric.Samples;

/// <summary>Small, fully known models for tests, demos and the quick-start repository.</summary>
public static class SampleModels
{
    /// <summary>The name of the sample MLP classifier in <see cref="WriteSampleRepository"/>.</summary>
    public const string IrisModelName = "iris";

    /// <summary>The weights of <see cref="CreateIrisMlp"/>, a fresh copy on every call.</summary>
    public static IrisMlpWeights IrisMlpWeights => IrisMlpWeights.Create();

    /// <summary>
    /// An iris classifier trained on Fisher's data set (see <see cref="Samples.IrisMlpWeights"/>): input "input" FP32 [-1, 4] → Gemm(4→8) → Relu → Gemm(8→3) →
    /// Softmax(axis 1) as output "probabilities" FP32 [-1, 3], and ArgMax(axis 1) of it as output "label" INT64 [-1].
    /// The bytes are the same on every call (see <see cref="Samples.IrisMlpWeights"/> for the weights).
    /// </summary>
    public static byte[] CreateIrisMlp() => IrisMlp("iris_mlp").ToBytes();

    /// <summary>
    /// The same classifier carrying an initializer of <paramref name="paddingValues"/> seeded floats that no node uses
    /// (ONNX Runtime drops it when loading): a large artifact for download and repository tests, the same bytes on every call.
    /// </summary>
    public static byte[] CreatePaddedIrisMlp(int paddingValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(paddingValues);
        var random = new Random(18031);
        var padding = new float[paddingValues];
        for (var i = 0; i < padding.Length; i++)
        {
            padding[i] = (float)random.NextDouble();
        }

        return IrisMlp("iris_mlp_padded").AddInitializer("padding", [paddingValues], padding).ToBytes();
    }

    private static OnnxModelBuilder IrisMlp(string graphName)
    {
        var weights = IrisMlpWeights.Create();
        return new OnnxModelBuilder(graphName)
            .AddInput("input", TensorDataType.Fp32, -1, IrisMlpWeights.Features)
            .AddOutput("probabilities", TensorDataType.Fp32, -1, IrisMlpWeights.Classes)
            .AddOutput("label", TensorDataType.Int64, -1)
            .AddInitializer("w1", [IrisMlpWeights.Features, IrisMlpWeights.Hidden], weights.W1)
            .AddInitializer("b1", [IrisMlpWeights.Hidden], weights.B1)
            .AddInitializer("w2", [IrisMlpWeights.Hidden, IrisMlpWeights.Classes], weights.W2)
            .AddInitializer("b2", [IrisMlpWeights.Classes], weights.B2)
            .Gemm("input", "w1", "b1", "hidden")
            .Relu("hidden", "hidden_relu")
            .Gemm("hidden_relu", "w2", "b2", "logits")
            .Softmax("logits", "probabilities", axis: 1)
            .ArgMax("probabilities", "label", axis: 1, keepDims: false);
    }

    /// <summary>
    /// Writes a one-model repository: <c>&lt;root&gt;/iris/1/model.onnx</c> and <c>&lt;root&gt;/iris/config.json</c>
    /// carrying the artifact's SHA-256, max batch 64, dynamic batching with no queue delay (Triton's default: a lone request runs at once, and
    /// requests arriving while the engine is busy merge into the next batch), queue 1024
    /// and one engine thread, and a probe request (one flower) for the gateways' synthetic checks. Existing files are overwritten.
    /// </summary>
    public static void WriteSampleRepository(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var modelFolder = Path.Combine(root, IrisModelName);
        var artifact = Path.Combine(modelFolder, "1", FileSystemModelRepository.ArtifactFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        File.WriteAllBytes(artifact, CreateIrisMlp());

        var config = new ModelConfig(
            Platform: ModelConfig.OnnxRuntimePlatform,
            MaxBatchSize: 64,
            DynamicBatching: new DynamicBatchingSpec(MaxQueueDelayMicroseconds: 0, PreferredBatchSizes: [], MaxQueueSize: 1024),
            EngineThreads: 1,
            Versions: new Dictionary<string, ModelVersionConfig> { ["1"] = new(ArtifactVerifier.ComputeSha256(artifact)) },
            DefaultVersion: "1",
            Probe: """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}""");
        ModelConfigJson.Write(Path.Combine(modelFolder, FileSystemModelRepository.ConfigFileName), config);
    }
}
