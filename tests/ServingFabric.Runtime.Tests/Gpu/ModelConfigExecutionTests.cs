using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Runtime.Tests.Gpu;

public sealed class ModelConfigExecutionTests
{
    private const string Source = "models/resnet/config.json";

    [Fact]
    public void Parse_CudaWithEverySetting_ReadsEachField()
    {
        var config = ModelConfigJson.Parse("""
            {"execution": {"provider": "cuda", "device": 1, "gpu_memory_limit_bytes": 2147483648, "cudnn_conv_algo_search": "heuristic", "fallback": "cpu"}}
            """, Source);

        Assert.Equal(new ExecutionSpec(ExecutionProvider.Cuda, 1, 2L << 30, CudnnConvAlgoSearch.Heuristic, ExecutionFallback.Cpu), config.Execution);
        Assert.True(config.UsesGpu);
    }

    [Fact]
    public void Parse_CudaAlone_NoFallbackNoLimitNoDevice()
    {
        var config = ModelConfigJson.Parse("""{"execution": {"provider": "cuda"}}""", Source);

        Assert.Equal(new ExecutionSpec(ExecutionProvider.Cuda), config.Execution);
        Assert.Equal(ExecutionFallback.None, config.Execution!.Fallback);
    }

    [Fact]
    public void Parse_NoExecution_RunsOnCpu()
    {
        var config = ModelConfigJson.Parse("{}", Source);

        Assert.Null(config.Execution);
        Assert.False(config.UsesGpu);
    }

    [Theory]
    [InlineData("""{"execution": {"provider": "tensorrt"}}""", "execution.provider is 'tensorrt'; expected one of: cpu, cuda")]
    [InlineData("""{"execution": {"provider": "CUDA"}}""", "execution.provider is 'CUDA'")]
    [InlineData("""{"execution": {"provider": "cuda", "device": -1}}""", "execution.device is -1")]
    [InlineData("""{"execution": {"provider": "cuda", "device": 64}}""", "execution.device is 64; expected a CUDA device id from 0 to 63")]
    [InlineData("""{"execution": {"provider": "cuda", "device": "0"}}""", "execution.device is the string \"0\"")]
    [InlineData("""{"execution": {"provider": "cuda", "gpu_memory_limit_bytes": 1024}}""", "execution.gpu_memory_limit_bytes is 1024; expected a whole number of bytes of at least 16777216")]
    [InlineData("""{"execution": {"provider": "cuda", "gpu_memory_limit_bytes": 1.5e9}}""", "execution.gpu_memory_limit_bytes is 1.5e9")]
    [InlineData("""{"execution": {"provider": "cuda", "cudnn_conv_algo_search": "fast"}}""", "execution.cudnn_conv_algo_search is 'fast'; expected one of: exhaustive, heuristic, default")]
    [InlineData("""{"execution": {"provider": "cuda", "fallback": "gpu"}}""", "execution.fallback is 'gpu'; expected one of: none, cpu")]
    [InlineData("""{"execution": {"provider": "cpu", "gpu_memory_limit_bytes": 2147483648}}""", "execution.gpu_memory_limit_bytes is set while the provider is cpu")]
    [InlineData("""{"execution": {"provider": "cpu", "fallback": "cpu"}}""", "execution.fallback is set while the provider is cpu")]
    [InlineData("""{"execution": {"provider": "cuda", "devices": 0}}""", "execution.devices is not a known field")]
    [InlineData("""{"execution": "cuda"}""", "execution is the string \"cuda\"; expected a JSON object")]
    public void Parse_BadExecution_ThrowsInvalidInputNamingField(string json, string expected)
    {
        var ex = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse(json, Source));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains($"{Source}: {expected}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_GpuConfig_ParsesBackEqual()
    {
        var execution = new ExecutionSpec(ExecutionProvider.Cuda, 0, 4L << 30, CudnnConvAlgoSearch.Default, ExecutionFallback.Cpu);

        var json = ModelConfigJson.ToJson(new ModelConfig(MaxBatchSize: 8, Execution: execution));
        var back = ModelConfigJson.Parse(json, Source);

        Assert.Equal(execution, back.Execution);
        Assert.Contains("\"provider\": \"cuda\"", json, StringComparison.Ordinal);
    }
}
