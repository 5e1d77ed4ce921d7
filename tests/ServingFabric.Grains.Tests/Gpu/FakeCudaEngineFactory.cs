using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Tensors;

namespace ServingFabric.Grains.Tests.Gpu;

/// <summary>CUDA errors a test switches on per silo and device, with the text ONNX Runtime's CUDA provider prints.</summary>
internal sealed class CudaFaults
{
    public const string IllegalAddress =
        "[ErrorCode:Fail] CUDA failure 700: an illegal memory access was encountered ; GPU=0 ; hostname=silo ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_execution_provider.cc ; line=446 ; expr=cudaStreamSynchronize(static_cast<cudaStream_t>(stream));";

    private readonly ConcurrentDictionary<(string Silo, int Device), string> _faults = new();

    public void Break(string silo, int device, string message) => _faults[(silo, device)] = message;

    public string? ErrorFor(string silo, int device) => _faults.TryGetValue((silo, device), out var message) ? message : null;
}

/// <summary>
/// The engine factory of a GPU silo with the GPU played by the CPU: a CUDA model reserves a device of the silo's
/// <see cref="GpuDevices"/> exactly as the real factory does and runs in a <see cref="GpuEngine"/>, over ONNX Runtime on
/// the CPU, which throws the CUDA error <see cref="CudaFaults"/> holds for its silo and device.
/// </summary>
internal sealed class FakeCudaEngineFactory(GpuDevices devices, CudaFaults faults, ILocalSiloDetails silo) : IInferenceEngineFactory
{
    private readonly OnnxRuntimeEngineFactory _cpu = new();

    public string Platform => ModelConfig.OnnxRuntimePlatform;

    public IInferenceEngine Create(string modelName, string version, string artifactPath, ModelConfig config)
    {
        if (!config.UsesGpu)
        {
            return _cpu.Create(modelName, version, artifactPath, config);
        }

        GpuReservation reservation;
        try
        {
            reservation = devices.Reserve(modelName, version, config.Execution!);
        }
        catch (GpuUnavailableException ex)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable, ex.Message, ex);
        }

        var engine = _cpu.Create(modelName, version, artifactPath, config with { Execution = null });
        return new GpuEngine(new Faulting(engine, () => faults.ErrorFor(silo.Name, reservation.Index)), reservation, config.MaxBatchSize > 0, NullLogger.Instance);
    }

    private sealed class Faulting(IInferenceEngine inner, Func<string?> fault) : IInferenceEngine
    {
        public ModelMetadata Metadata => inner.Metadata;

        public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames) =>
            fault() is { } message ? throw new InvalidOperationException(message) : inner.Run(inputs, outputNames);

        public void Dispose() => inner.Dispose();
    }
}
