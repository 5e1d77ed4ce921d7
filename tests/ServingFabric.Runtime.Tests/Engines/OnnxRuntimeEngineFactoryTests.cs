using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Samples;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Engines;

public sealed class OnnxRuntimeEngineFactoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly OnnxRuntimeEngineFactory _factory = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Platform_Always_IsOnnxRuntimeOnnx()
    {
        Assert.Equal("onnxruntime_onnx", _factory.Platform);
    }

    [Fact]
    public void Create_GarbageBytes_ThrowsUnavailableNamingModelVersionAndPath()
    {
        var path = _temp.WriteFile("broken/3/model.onnx", "this is not a protobuf"u8.ToArray());

        var ex = Assert.Throws<InferenceException>(() => _factory.Create("broken", "3", path, new ModelConfig()));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.Contains($"version 3 of model 'broken' could not be loaded from {path}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime rejected it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TruncatedModel_ThrowsUnavailable()
    {
        var bytes = SampleModels.CreateIrisMlp();
        var path = _temp.WriteFile("iris/1/model.onnx", bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<InferenceException>(() => _factory.Create("iris", "1", path, new ModelConfig()));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingFile_ThrowsUnavailableNamingPath()
    {
        var path = _temp.Combine("iris", "9", "model.onnx");

        var ex = Assert.Throws<InferenceException>(() => _factory.Create("iris", "9", path, new ModelConfig()));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.Contains($"{path}: the file does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FixedBatchDimensionWithMaxBatchSize_ThrowsUnavailableSayingHowToFix()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorDataType.Fp32, 1, 2)
            .AddOutput("y", TensorDataType.Fp32, 1, 2)
            .Identity("x", "y")
            .ToBytes();
        var path = _temp.WriteFile("fixed/1/model.onnx", bytes);

        var ex = Assert.Throws<InferenceException>(() => _factory.Create("fixed", "1", path, new ModelConfig(MaxBatchSize: 8)));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.Contains("input 'x'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("set max_batch_size to 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FixedBatchDimensionWithoutBatching_Loads()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorDataType.Fp32, 1, 2)
            .AddOutput("y", TensorDataType.Fp32, 1, 2)
            .Identity("x", "y")
            .ToBytes();
        var path = _temp.WriteFile("fixed/1/model.onnx", bytes);

        using var engine = _factory.Create("fixed", "1", path, new ModelConfig(MaxBatchSize: 0));

        Assert.Equal([1L, 2L], engine.Metadata.Inputs[0].Shape);
        Assert.Equal(0, engine.Metadata.MaxBatchSize);
    }

    [Fact]
    public void Create_SeveralEngineThreads_LoadsAndRuns()
    {
        var path = _temp.WriteFile("iris/1/model.onnx", SampleModels.CreateIrisMlp());

        using var engine = _factory.Create("iris", "1", path, new ModelConfig(MaxBatchSize: 4, EngineThreads: 2));
        var outputs = engine.Run([TensorBytes.Of("input", TensorDataType.Fp32, [1, 4], 1f, 2f, 3f, 4f)], ["label"]);

        Assert.Single(TensorBytes.Read<long>(outputs[0]));
    }
}
