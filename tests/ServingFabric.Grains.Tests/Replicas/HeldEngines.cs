using ServingFabric.Models;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Engines.Onnx;
using ServingFabric.Tensors;

namespace ServingFabric.Grains.Tests.Replicas;

/// <summary>A switch that holds every engine run of the silo (ONNX Runtime on the CPU behind it) until released.</summary>
public sealed class EngineHold : IDisposable
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Hold()
    {
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _open.Reset();
    }

    public void Release() => _open.Set();

    /// <summary>Completes once a run is held.</summary>
    public Task ArrivedAsync() => _arrived.Task;

    public void Dispose() => _open.Dispose();

    internal void Pass()
    {
        if (!_open.IsSet)
        {
            _arrived.TrySetResult();
            _open.Wait(TimeSpan.FromMinutes(1));
        }
    }
}

internal sealed class HeldEngineFactory(EngineHold hold) : IInferenceEngineFactory
{
    private readonly OnnxRuntimeEngineFactory _cpu = new();

    public string Platform => ModelConfig.OnnxRuntimePlatform;

    public IInferenceEngine Create(string modelName, string version, string artifactPath, ModelConfig config) =>
        new Held(_cpu.Create(modelName, version, artifactPath, config), hold);

    private sealed class Held(IInferenceEngine inner, EngineHold hold) : IInferenceEngine
    {
        public ModelMetadata Metadata => inner.Metadata;

        public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
        {
            hold.Pass();
            return inner.Run(inputs, outputNames);
        }

        public void Dispose() => inner.Dispose();
    }
}
