using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Samples;
using ServingFabric.Tensors;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Runtime.Tests.Engines;

/// <summary>
/// The sample iris model under each memory setting. ONNX Runtime holds one shared arena per process, so every test in
/// this process that uses one asks for <see cref="SharedArenaBytes"/>; no other test class sets it.
/// </summary>
public sealed class OnnxMemorySettingsTests : IDisposable
{
    private const long SharedArenaBytes = 16L * 1024 * 1024;

    private readonly TempDirectory _temp = new();
    private readonly string _artifact;

    public OnnxMemorySettingsTests()
    {
        _artifact = _temp.WriteFile("iris/1/model.onnx", SampleModels.CreateIrisMlp());
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Run_OwnArenaOnOrOff_MatchesPlainMath(bool arena, bool memoryPattern)
    {
        using var engine = new OnnxRuntimeEngineFactory().Create("iris", "1", _artifact, Config(new EngineMemorySpec(arena, memoryPattern)));

        AssertIrisAnswers(engine, rows: 7, seed: 3);
        AssertIrisAnswers(engine, rows: 2, seed: 4);
    }

    [Fact]
    public void Run_SharedCappedArena_MatchesPlainMath()
    {
        using var engine = SharedArenaFactory().Create("iris", "1", _artifact, Config(null));

        AssertIrisAnswers(engine, rows: 64, seed: 5);
    }

    [Fact]
    public void Run_BatchNeedingMoreThanTheSharedArena_Unavailable503NamingTheSettingThenSmallBatchesStillRun()
    {
        using var engine = SharedArenaFactory().Create("iris", "1", _artifact, Config(null));

        // One million rows need 32 MB for the hidden layer alone: twice the 16 MiB arena.
        const int Rows = 1_000_000;
        var input = TensorBytes.Of("input", TensorDataType.Fp32, [Rows, 4], new float[Rows * 4]);
        var error = Assert.Throws<InferenceException>(() => engine.Run([input], ["label"]));

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("shared ONNX Runtime arena has free (16777216 bytes at most, ServingFabric:Silo:OnnxArenaMaxBytes)", error.Message, StringComparison.Ordinal);
        AssertIrisAnswers(engine, rows: 3, seed: 6);
    }

    [Fact]
    public void Run_ArenaOffWhileTheSiloSharesOne_UsesNoArenaAndBigBatchesRun()
    {
        using var engine = SharedArenaFactory().Create("iris", "1", _artifact, Config(new EngineMemorySpec(Arena: false)));

        const int Rows = 1_000_000;
        var labels = engine.Run([TensorBytes.Of("input", TensorDataType.Fp32, [Rows, 4], new float[Rows * 4])], ["label"]);

        Assert.Equal([(long)Rows], Assert.Single(labels).Shape);
    }

    [Fact]
    public void EnsureRegistered_AnotherSizeInTheSameProcess_RefusedNamingTheSetting()
    {
        OnnxSharedCpuArena.EnsureRegistered(SharedArenaBytes);

        var error = Assert.Throws<InvalidOperationException>(() => OnnxSharedCpuArena.EnsureRegistered(SharedArenaBytes * 2));

        Assert.Contains("ServingFabric:Silo:OnnxArenaMaxBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(SharedArenaBytes, OnnxSharedCpuArena.RegisteredMaxBytes);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(OnnxRuntimeOptions.MaxArenaBytes + 1)]
    public void Constructor_ArenaSizeOutOfRange_RefusedNamingTheSetting(long bytes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new OnnxRuntimeEngineFactory(options: Options.Create(new OnnxRuntimeOptions { SharedArenaMaxBytes = bytes })));

        Assert.Contains("ServingFabric:Silo:OnnxArenaMaxBytes", error.Message, StringComparison.Ordinal);
    }

    private static OnnxRuntimeEngineFactory SharedArenaFactory() =>
        new(options: Options.Create(new OnnxRuntimeOptions { SharedArenaMaxBytes = SharedArenaBytes }));

    private static ModelConfig Config(EngineMemorySpec? memory) => new(MaxBatchSize: 0, Memory: memory);

    private static void AssertIrisAnswers(IInferenceEngine engine, int rows, int seed)
    {
        var values = IrisReference.Rows(rows, seed);
        var outputs = engine.Run([TensorBytes.Of("input", TensorDataType.Fp32, [rows, 4], values)], ["probabilities", "label"]);

        var probabilities = TensorBytes.Read<float>(outputs[0]);
        var labels = TensorBytes.Read<long>(outputs[1]);
        for (var row = 0; row < rows; row++)
        {
            var (expected, label) = IrisReference.Compute(values.AsSpan(row * 4, 4));
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(expected[k], probabilities[(row * 3) + k], 1e-5f);
            }

            Assert.Equal(label, labels[row]);
        }
    }
}
