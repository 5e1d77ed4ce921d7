using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Runtime.Batching;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Batching;

internal static class BatcherFixture
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(10);

    public static DynamicBatcher Create(
        TestEngine engine, TimeProvider time, int maxBatchSize = 8, TimeSpan? delay = null, int[]? preferred = null, int maxQueueSize = 1024, IBatchObserver? observer = null) =>
        new(
            engine,
            new DynamicBatcherOptions
            {
                MaxBatchSize = maxBatchSize,
                MaxQueueDelay = delay ?? Delay,
                PreferredBatchSizes = preferred ?? [],
                MaxQueueSize = maxQueueSize,
            },
            time,
            NullLogger.Instance,
            observer);

    /// <summary>Queues input "x" with <paramref name="rows"/> rows, asking for "y" unless told otherwise.</summary>
    public static Task<IReadOnlyList<Tensor>> Enqueue(
        this DynamicBatcher batcher, int rows, float[] values, string[]? outputs = null, DateTimeOffset? deadline = null, CancellationToken ct = default) =>
        batcher.EnqueueAsync([Floats.X(rows, values)], rows, outputs ?? ["y"], deadline, ct);
}
