namespace ServingFabric.Models;

/// <summary>How a model version's requests are merged into batches (Triton's <c>dynamic_batching</c>).</summary>
/// <param name="MaxQueueDelayMicroseconds">How long the first queued request may wait for others to join its batch. Default 1000 µs.</param>
/// <param name="PreferredBatchSizes">Batch sizes to dispatch as soon as they are reached; empty means only the max batch size.</param>
/// <param name="MaxQueueSize">Rows that may wait in the queue before new requests get 429 "queue full". Default 1024.</param>
[GenerateSerializer, Immutable, Alias("sf.DynamicBatchingSpec")]
public sealed record DynamicBatchingSpec(
    [property: Id(0)] int MaxQueueDelayMicroseconds = 1000,
    [property: Id(1)] IReadOnlyList<int>? PreferredBatchSizes = null,
    [property: Id(2)] int MaxQueueSize = 1024);
