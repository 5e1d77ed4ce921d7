using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Models;
using ServingFabric.Runtime.Batching;
using ServingFabric.Runtime.Engines;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Batching;

public sealed class DynamicBatcherInstancesTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EnqueueAsync_TwoInstances_RunsTwoBatchesAtOnce()
    {
        var engine = new ConcurrencyEngine();
        await using var batcher = Create(engine, instances: 2);

        var first = batcher.Enqueue(1, [1f]);
        var second = batcher.Enqueue(1, [2f]);

        // Both batches are inside the engine at the same time: the second did not wait for the first to finish.
        await engine.TwoRunning.Task.WaitAsync(Safety);
        engine.Release.SetResult();
        var answers = await Task.WhenAll(first, second);
        Assert.Equal(new[] { 3f }, Floats.Of(answers[0][0].Data));
        Assert.Equal(new[] { 5f }, Floats.Of(answers[1][0].Data));
        Assert.Equal(2, engine.MostRunning);
    }

    [Fact]
    public async Task EnqueueAsync_OneInstance_SecondBatchWaitsForTheFirst()
    {
        var engine = new ConcurrencyEngine();
        await using var batcher = Create(engine, instances: 1);

        var first = batcher.Enqueue(1, [1f]);
        await engine.OneRunning.Task.WaitAsync(Safety);
        var second = batcher.Enqueue(1, [2f]);

        Assert.Equal(1, batcher.QueuedRequests);
        engine.Release.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Safety);
        Assert.Equal(1, engine.MostRunning);
    }

    [Fact]
    public void FromConfig_InstanceCount_CarriedWithAndWithoutBatching()
    {
        var batching = DynamicBatcherOptions.FromConfig(new ModelConfig(MaxBatchSize: 8, DynamicBatching: new DynamicBatchingSpec(), InstanceCount: 2));
        var alone = DynamicBatcherOptions.FromConfig(new ModelConfig(InstanceCount: 3));

        Assert.Equal(2, batching.Instances);
        Assert.Equal(3, alone.Instances);
        Assert.Equal(1, DynamicBatcherOptions.FromConfig(new ModelConfig()).Instances);
    }

    private static DynamicBatcher Create(IInferenceEngine engine, int instances) =>
        new(engine, new DynamicBatcherOptions { MaxBatchSize = 1, Instances = instances }, TimeProvider.System, NullLogger.Instance);

    /// <summary>Answers y = 2x + 1, holding every batch until <see cref="Release"/>, and tracks how many run at once.</summary>
    private sealed class ConcurrencyEngine : IInferenceEngine
    {
        private int _running;
        private int _mostRunning;

        public ModelMetadata Metadata { get; } = new(
            "m", "1", "test", [new TensorMetadata("x", TensorDataType.Fp32, [-1, -1])], [new TensorMetadata("y", TensorDataType.Fp32, [-1, -1])], 1);

        public TaskCompletionSource OneRunning { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource TwoRunning { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MostRunning => Volatile.Read(ref _mostRunning);

        public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
        {
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostRunning, running);
            OneRunning.TrySetResult();
            if (running >= 2)
            {
                TwoRunning.TrySetResult();
            }

            Release.Task.GetAwaiter().GetResult();
            Interlocked.Decrement(ref _running);
            var x = inputs[0];
            return [new Tensor("y", TensorDataType.Fp32, x.Shape, Floats.Bytes(Floats.Of(x.Data).Select(v => (2 * v) + 1)))];
        }

        public void Dispose()
        {
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
