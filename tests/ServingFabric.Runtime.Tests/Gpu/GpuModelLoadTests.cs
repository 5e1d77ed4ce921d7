using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Samples;
using ServingFabric.Tensors;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Runtime.Tests.Gpu;

/// <summary>
/// GPU models through the real ONNX Runtime of this build (the CPU package: no CUDA provider), with GPUs from a fake
/// inventory: refusal, fallback to the CPU, and a GPU session that ONNX Runtime cannot create.
/// </summary>
public sealed class GpuModelLoadTests : IDisposable
{
    private const long Gib = 1L << 30;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void IsAvailable_CpuBuildOfOnnxRuntime_False()
    {
        Assert.False(OnnxCudaProvider.IsAvailable);
    }

    [Fact]
    public void Create_CudaModelOnTheCpuBuild_UnavailableSayingWhichBuildRunsIt()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib));
        var factory = new OnnxRuntimeEngineFactory(gpus: devices);

        var ex = Assert.Throws<InferenceException>(() => factory.Create("iris", "1", Iris(), Config(ExecutionFallback.None)));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.IsType<GpuUnavailableException>(ex.InnerException);
        Assert.Contains("no CUDA execution provider (the CPU build)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ServingFabricGpu=true", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, devices.Devices[0].ReservedBytes);
    }

    [Fact]
    public void Create_CudaModelWithCpuFallbackOnTheCpuBuild_RunsOnTheCpu()
    {
        var factory = new OnnxRuntimeEngineFactory(gpus: new GpuDevices(new FakeGpuInventory(16 * Gib)));

        using var engine = factory.Create("iris", "1", Iris(), Config(ExecutionFallback.Cpu));

        Assert.IsNotType<GpuEngine>(engine);
        float[] setosa = [5.1f, 3.5f, 1.4f, 0.2f];
        var input = new Tensor("input", TensorDataType.Fp32, [1, 4], [.. setosa.SelectMany(BitConverter.GetBytes)]);
        var label = engine.Run([input], ["label"])[0];
        Assert.Equal(IrisReference.Compute(setosa).Label, BitConverter.ToInt64(label.Data));
    }

    [Fact]
    public void Create_NoGpuWithRoom_UnavailableNamingWhatIsThere()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib));
        using var held = devices.Reserve("llm", "1", new ExecutionSpec(ExecutionProvider.Cuda));
        var factory = new OnnxRuntimeEngineFactory(null, null, devices, cudaProviderPresent: () => true);

        var ex = Assert.Throws<InferenceException>(() => factory.Create("iris", "1", Iris(), Config(ExecutionFallback.None)));

        Assert.IsType<GpuUnavailableException>(ex.InnerException);
        Assert.Contains("has 0 of 17179869184 bytes free with 1 session(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ProviderListedButSessionNotCreatable_FallsBackAndReleasesTheDevice()
    {
        // The provider list says CUDA, but this build cannot append it: the session on GPU 0 fails as it would with a
        // missing libcudnn, and the model may fall back.
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib));
        var factory = new OnnxRuntimeEngineFactory(null, null, devices, cudaProviderPresent: () => true);

        using var engine = factory.Create("iris", "1", Iris(), Config(ExecutionFallback.Cpu));

        Assert.IsNotType<GpuEngine>(engine);
        Assert.Equal(0, devices.Devices[0].ReservedBytes);
    }

    [Fact]
    public void Create_ProviderListedButSessionNotCreatableWithoutFallback_UnavailableAndDeviceReleased()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib));
        var factory = new OnnxRuntimeEngineFactory(null, null, devices, cudaProviderPresent: () => true);

        var ex = Assert.ThrowsAny<Exception>(() => factory.Create("iris", "1", Iris(), Config(ExecutionFallback.None)));

        Assert.Equal(0, devices.Devices[0].ReservedBytes);
        Assert.Contains("GPU 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EverySetting_MapsToOnnxRuntimeCudaProviderKeys()
    {
        var options = OnnxCudaProvider.Options(new ExecutionSpec(ExecutionProvider.Cuda, 3, 2 * Gib, CudnnConvAlgoSearch.Heuristic), deviceId: 1);

        Assert.Equal("1", options["device_id"]);
        Assert.Equal("2147483648", options["gpu_mem_limit"]);
        Assert.Equal("kSameAsRequested", options["arena_extend_strategy"]);
        Assert.Equal("HEURISTIC", options["cudnn_conv_algo_search"]);
        Assert.Equal("1", options["do_copy_in_default_stream"]);
    }

    [Fact]
    public void Options_NoLimitNoSearch_LeavesOnnxRuntimeDefaults()
    {
        var options = OnnxCudaProvider.Options(new ExecutionSpec(ExecutionProvider.Cuda), deviceId: 0);

        Assert.Equal(["device_id", "do_copy_in_default_stream"], options.Keys.Order(StringComparer.Ordinal));
    }

    private string Iris() => _temp.WriteFile("iris/1/model.onnx", SampleModels.CreateIrisMlp());

    private static ModelConfig Config(ExecutionFallback fallback) =>
        new(MaxBatchSize: 8, Execution: new ExecutionSpec(ExecutionProvider.Cuda, GpuMemoryLimitBytes: Gib, Fallback: fallback));
}
