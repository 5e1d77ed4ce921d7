using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// A throw-away model repository holding every benchmark model, so all paths and variants are served by one silo
/// and compared in one run. Every model is deterministic (same input, same output): the response cache may serve
/// them, and scenarios that measure the serving path run the silo with the cache off.
/// </summary>
internal sealed class PerfRepository : IDisposable
{
    private PerfRepository(string root, string ocrArtifact)
    {
        Root = root;
        OcrArtifact = ocrArtifact;
    }

    public string Root { get; }

    /// <summary>The classifier as copied into the repository, for the direct ONNX Runtime baseline.</summary>
    public string OcrArtifact { get; }

    public string IrisArtifact => ArtifactOf(PerfModels.Iris);

    /// <summary>Writes the repository; the OCR models run <paramref name="instances"/> batches at once (one per server core).</summary>
    public static PerfRepository Create(string ocrModelPath, int instances)
    {
        var root = Path.Combine(Path.GetTempPath(), "sf-perf-" + Guid.NewGuid().ToString("N"));
        var iris = SampleModels.CreateIrisMlp();
        var ocr = File.ReadAllBytes(ocrModelPath);
        var batching = new DynamicBatchingSpec(PerfModels.BatchDelayMicroseconds, [8, PerfModels.OcrMaxBatch]);

        WriteModel(root, PerfModels.Iris, iris, new ModelConfig(MaxBatchSize: 64));
        WriteModel(root, PerfModels.IrisBatching, iris, new ModelConfig(MaxBatchSize: 64, DynamicBatching: SampleBatching()));
        WriteModel(root, PerfModels.IrisDelay, iris,
            new ModelConfig(MaxBatchSize: 64, DynamicBatching: new DynamicBatchingSpec(PerfModels.BatchDelayMicroseconds, [8, 16, 32])));
        WriteModel(root, PerfModels.Ocr, ocr, new ModelConfig(MaxBatchSize: PerfModels.OcrMaxBatch, DynamicBatching: batching, InstanceCount: instances));
        WriteModel(root, PerfModels.OcrNoBatch, ocr, new ModelConfig(MaxBatchSize: PerfModels.OcrMaxBatch, InstanceCount: instances));
        WriteModel(root, PerfModels.OcrBounded, ocr, new ModelConfig(
            MaxBatchSize: PerfModels.OcrMaxBatch, DynamicBatching: batching with { MaxQueueSize = PerfModels.BoundedQueueRows }, InstanceCount: instances));
        return new PerfRepository(root, Path.Combine(root, PerfModels.Ocr, PerfModels.Version, FileSystemModelRepository.ArtifactFileName));
    }

    public string ArtifactOf(string model) => Path.Combine(Root, model, PerfModels.Version, FileSystemModelRepository.ArtifactFileName);

    public ModelConfig ConfigOf(string model) => ModelConfigJson.Read(Path.Combine(Root, model, FileSystemModelRepository.ConfigFileName));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the benchmark over it would not be.
        }
    }

    private static void WriteModel(string root, string name, byte[] artifact, ModelConfig config)
    {
        var folder = Path.Combine(root, name);
        var artifactPath = Path.Combine(folder, PerfModels.Version, FileSystemModelRepository.ArtifactFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(artifactPath)!);
        File.WriteAllBytes(artifactPath, artifact);
        var full = config with
        {
            EngineThreads = 1,
            Versions = new Dictionary<string, ModelVersionConfig> { [PerfModels.Version] = new(ArtifactVerifier.ComputeSha256(artifactPath)) },
            DefaultVersion = PerfModels.Version,
            Deterministic = true,
        };
        ModelConfigJson.Write(Path.Combine(folder, FileSystemModelRepository.ConfigFileName), full);
    }

    // The batching the quick-start sample ships, read back from what it writes, so the benchmark follows it.
    private static DynamicBatchingSpec? SampleBatching()
    {
        var sample = Path.Combine(Path.GetTempPath(), "sf-perf-sample-" + Guid.NewGuid().ToString("N"));
        try
        {
            SampleModels.WriteSampleRepository(sample);
            return ModelConfigJson.Read(Path.Combine(sample, SampleModels.IrisModelName, FileSystemModelRepository.ConfigFileName)).DynamicBatching;
        }
        finally
        {
            Directory.Delete(sample, recursive: true);
        }
    }
}
