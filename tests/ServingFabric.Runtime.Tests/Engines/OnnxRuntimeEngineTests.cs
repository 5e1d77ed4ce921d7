using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Samples;
using ServingFabric.Tensors;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Runtime.Tests.Engines;

public sealed class OnnxRuntimeEngineTests : IDisposable
{
    private static readonly float[][] Rows =
    [
        [5.1f, 3.5f, 1.4f, 0.2f],
        [-1f, 2f, -3f, 4f],
        [0f, 0f, 0f, 0f],
        [6.7f, 3.0f, 5.2f, 2.3f],
        [-4f, -0.5f, 3.25f, -2f],
    ];

    private readonly TempDirectory _temp = new();
    private readonly IInferenceEngine _engine;

    public OnnxRuntimeEngineTests()
    {
        var path = _temp.WriteFile("iris/1/model.onnx", SampleModels.CreateIrisMlp());
        _engine = new OnnxRuntimeEngineFactory().Create("iris", "1", path, new ModelConfig(MaxBatchSize: 64));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Run_IrisBatch_MatchesPlainMath(int batch)
    {
        var input = TensorBytes.Of("input", TensorDataType.Fp32, [batch, 4], Rows.Take(batch).SelectMany(r => r).ToArray());

        var outputs = _engine.Run([input], ["probabilities", "label"]);

        Assert.Equal(["probabilities", "label"], outputs.Select(o => o.Name));
        Assert.Equal(TensorDataType.Fp32, outputs[0].DataType);
        Assert.Equal([batch, 3L], outputs[0].Shape);
        Assert.Equal(TensorDataType.Int64, outputs[1].DataType);
        Assert.Equal([(long)batch], outputs[1].Shape);
        var probabilities = TensorBytes.Read<float>(outputs[0]);
        var labels = TensorBytes.Read<long>(outputs[1]);
        var weights = SampleModels.IrisMlpWeights;
        for (var row = 0; row < batch; row++)
        {
            var (expected, label) = IrisReference.Compute(Rows[row]);
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(expected[k], probabilities[(row * 3) + k], 1e-5f);
            }

            Assert.Equal(label, labels[row]);
        }
    }

    [Fact]
    public void Run_OutputsInRequestedOrder_ReturnsThatOrder()
    {
        var input = TensorBytes.Of("input", TensorDataType.Fp32, [1, 4], Rows[0]);

        var outputs = _engine.Run([input], ["label", "probabilities"]);

        Assert.Equal(["label", "probabilities"], outputs.Select(o => o.Name));
    }

    [Fact]
    public void Run_NoOutputNames_ReturnsEveryOutputInModelOrder()
    {
        var input = TensorBytes.Of("input", TensorDataType.Fp32, [2, 4], Rows[0].Concat(Rows[1]).ToArray());

        var outputs = _engine.Run([input], []);

        Assert.Equal(["probabilities", "label"], outputs.Select(o => o.Name));
    }

    [Fact]
    public void Run_EmptyBatch_ReturnsEmptyOutputs()
    {
        var input = new Tensor("input", TensorDataType.Fp32, [0, 4], []);

        var outputs = _engine.Run([input], ["probabilities"]);

        Assert.Equal([0L, 3L], outputs[0].Shape);
        Assert.Empty(outputs[0].Data);
    }

    [Fact]
    public void Metadata_IrisModel_DescribesInputsAndOutputsWithSymbolicBatch()
    {
        var metadata = _engine.Metadata;

        Assert.Equal("iris", metadata.Name);
        Assert.Equal("1", metadata.Version);
        Assert.Equal(ModelConfig.OnnxRuntimePlatform, metadata.Platform);
        Assert.Equal(64, metadata.MaxBatchSize);
        var input = Assert.Single(metadata.Inputs);
        Assert.Equal(("input", TensorDataType.Fp32), (input.Name, input.DataType));
        Assert.Equal([-1L, 4L], input.Shape);
        Assert.Equal(["probabilities", "label"], metadata.Outputs.Select(o => o.Name));
        Assert.Equal([TensorDataType.Fp32, TensorDataType.Int64], metadata.Outputs.Select(o => o.DataType));
        Assert.Equal([-1L, 3L], metadata.Outputs[0].Shape);
        Assert.Equal([-1L], metadata.Outputs[1].Shape);
    }

    [Fact]
    public void Run_WrongDatatype_ThrowsInvalidInputNamingExpected()
    {
        var input = TensorBytes.Of("input", TensorDataType.Fp64, [1, 4], 1d, 2d, 3d, 4d);

        var ex = Assert.Throws<InferenceException>(() => _engine.Run([input], ["label"]));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("'input' is FP64; expected FP32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DataShorterThanShape_ThrowsInvalidInputWithByteCounts()
    {
        var input = TensorBytes.Of("input", TensorDataType.Fp32, [2, 4], Rows[0]);

        var ex = Assert.Throws<InferenceException>(() => _engine.Run([input], ["label"]));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("has 16 bytes of data", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs 32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownInput_ThrowsInvalidInputListingInputs()
    {
        var input = TensorBytes.Of("features", TensorDataType.Fp32, [1, 4], Rows[0]);

        var ex = Assert.Throws<InferenceException>(() => _engine.Run([input], ["label"]));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("no input 'features'; its inputs are: input", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingInput_ThrowsInvalidInput()
    {
        var ex = Assert.Throws<InferenceException>(() => _engine.Run([], ["label"]));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("needs input(s) input", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOutput_ThrowsInvalidInputListingOutputs()
    {
        var input = TensorBytes.Of("input", TensorDataType.Fp32, [1, 4], Rows[0]);

        var ex = Assert.Throws<InferenceException>(() => _engine.Run([input], ["scores"]));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("no output 'scores'; its outputs are: probabilities, label", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongFeatureCount_ThrowsInvalidInputFromRuntime()
    {
        var input = TensorBytes.Of("input", TensorDataType.Fp32, [1, 3], 1f, 2f, 3f);

        var ex = Assert.Throws<InferenceException>(() => _engine.Run([input], ["label"]));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("model 'iris' version 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ManyThreadsAtOnce_EachGetsItsOwnAnswer()
    {
        var weights = SampleModels.IrisMlpWeights;

        Parallel.For(0, 64, i =>
        {
            var row = Rows[i % Rows.Length];
            var outputs = _engine.Run([TensorBytes.Of("input", TensorDataType.Fp32, [1, 4], row)], ["label"]);
            Assert.Equal(IrisReference.Compute(row).Label, TensorBytes.Read<long>(outputs[0])[0]);
        });
    }

    [Fact]
    public void Run_AfterDispose_ThrowsObjectDisposed()
    {
        _engine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _engine.Run([TensorBytes.Of("input", TensorDataType.Fp32, [1, 4], Rows[0])], ["label"]));
    }
}
