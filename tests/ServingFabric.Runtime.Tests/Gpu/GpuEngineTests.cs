using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Tensors;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Runtime.Tests.Gpu;

public sealed class GpuEngineTests
{
    private const long Gib = 1L << 30;
    private const string OutOfMemory = "[ErrorCode:Fail] CUDA failure 2: out of memory ; GPU=0 ; hostname=silo-0 ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_allocator.cc ; line=48 ; expr=cudaMalloc((void**)&p, size);";
    private const string IllegalAddress = "[ErrorCode:Fail] CUDA failure 700: an illegal memory access was encountered ; GPU=0 ; hostname=silo-0 ; expr=cudaStreamSynchronize(stream);";

    private readonly GpuDevices _devices = new(new FakeGpuInventory(16 * Gib, 16 * Gib));

    [Fact]
    public void Run_OutOfMemoryAboveTwoRows_RunsHalvesAndJoinsTheirRowsInOrder()
    {
        // Fails any batch of more than 2 rows, as a session whose arena holds 2 rows would; doubles each value.
        var inner = new ScriptedEngine(rows => rows > 2 ? throw new InvalidOperationException(OutOfMemory) : null);
        using var engine = new GpuEngine(inner, Reserve(), batched: true, NullLogger.Instance);

        var output = Assert.Single(engine.Run([Floats("x", 1, 2, 3, 4, 5)], ["y"]));

        Assert.Equal([5L, 1L], output.Shape);
        Assert.Equal([2f, 4f, 6f, 8f, 10f], TensorFloats(output));
        // 5 fails, 2 runs, 3 fails, 1 and 2 run.
        Assert.Equal([5, 2, 3, 1, 2], inner.Batches);
    }

    [Fact]
    public void Run_OutOfMemoryOnOneRow_TooLargeNamingTheSetting()
    {
        var inner = new ScriptedEngine(_ => throw new InvalidOperationException(OutOfMemory));
        using var engine = new GpuEngine(inner, Reserve(), batched: true, NullLogger.Instance);

        var ex = Assert.Throws<InferenceException>(() => engine.Run([Floats("x", 1, 2)], ["y"]));

        Assert.Equal(InferenceErrorKind.TooLarge, ex.Kind);
        Assert.Contains("gpu_memory_limit_bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal([2, 1], inner.Batches);
        Assert.Null(engine.Fault);
    }

    [Fact]
    public void Run_OutOfMemoryOnAModelThatDoesNotBatch_NotSplit()
    {
        var inner = new ScriptedEngine(_ => throw new InvalidOperationException(OutOfMemory));
        using var engine = new GpuEngine(inner, Reserve(), batched: false, NullLogger.Instance);

        Assert.Throws<InferenceException>(() => engine.Run([Floats("x", 1, 2, 3, 4)], ["y"]));

        Assert.Equal([4], inner.Batches);
    }

    [Fact]
    public void Run_DeviceBroken_MarksTheDeviceFailedAndAnswersUnavailableFromThenOn()
    {
        var inner = new ScriptedEngine(_ => throw new InvalidOperationException(IllegalAddress));
        var reservation = Reserve();
        using var engine = new GpuEngine(inner, reservation, batched: true, NullLogger.Instance);

        var first = Assert.Throws<InferenceException>(() => engine.Run([Floats("x", 1)], ["y"]));
        var second = Assert.Throws<InferenceException>(() => engine.Run([Floats("x", 1)], ["y"]));

        Assert.Equal(InferenceErrorKind.Unavailable, first.Kind);
        Assert.Contains("an illegal memory access was encountered", first.Message, StringComparison.Ordinal);
        Assert.Contains("the replica moves to another GPU or silo", first.Message, StringComparison.Ordinal);
        Assert.Equal(InferenceErrorKind.Unavailable, second.Kind);
        Assert.Equal([1], inner.Batches);
        Assert.Contains("illegal memory access", engine.Fault, StringComparison.Ordinal);
        Assert.False(_devices.Devices[reservation.Index].Healthy);
    }

    [Fact]
    public void Run_ModelError_PassesThroughAndLeavesTheDeviceHealthy()
    {
        var inner = new ScriptedEngine(_ => throw new InferenceException(InferenceErrorKind.InvalidInput, "input 'x' has 3 columns; expected 4"));
        using var engine = new GpuEngine(inner, Reserve(), batched: true, NullLogger.Instance);

        var ex = Assert.Throws<InferenceException>(() => engine.Run([Floats("x", 1)], ["y"]));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Null(engine.Fault);
    }

    [Fact]
    public void Dispose_Engine_DisposesTheInnerOneAndReleasesTheDevice()
    {
        var inner = new ScriptedEngine(_ => null);
        var engine = new GpuEngine(inner, Reserve(), batched: true, NullLogger.Instance);

        engine.Dispose();

        Assert.True(inner.Disposed);
        Assert.All(_devices.Devices, d => Assert.Equal(0, d.ReservedBytes));
    }

    private GpuReservation Reserve() => _devices.Reserve("mlp", "1", new ExecutionSpec(ExecutionProvider.Cuda, GpuMemoryLimitBytes: Gib));

    private static Tensor Floats(string name, params float[] values) =>
        new(name, TensorDataType.Fp32, [values.Length, 1], [.. values.SelectMany(BitConverter.GetBytes)]);

    private static float[] TensorFloats(Tensor tensor) =>
        [.. Enumerable.Range(0, tensor.Data.Length / 4).Select(i => BitConverter.ToSingle(tensor.Data, i * 4))];

    /// <summary>Doubles its one input; <c>fail</c> may throw for a batch of the given rows, as ONNX Runtime would.</summary>
    private sealed class ScriptedEngine(Func<int, object?> fail) : IInferenceEngine
    {
        public List<int> Batches { get; } = [];

        public bool Disposed { get; private set; }

        public ModelMetadata Metadata { get; } = new("mlp", "1", "onnxruntime_onnx", [], [], 8);

        public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
        {
            var rows = (int)inputs[0].Shape[0];
            Batches.Add(rows);
            fail(rows);
            return [new Tensor("y", TensorDataType.Fp32, [rows, 1], [.. TensorFloats(inputs[0]).SelectMany(v => BitConverter.GetBytes(v * 2))])];
        }

        public void Dispose() => Disposed = true;
    }
}
