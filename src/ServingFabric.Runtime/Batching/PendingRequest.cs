using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Batching;

/// <summary>One caller's request while it waits in a <see cref="DynamicBatcher"/> and runs in a batch.</summary>
internal sealed class PendingRequest(
    IReadOnlyList<Tensor> inputs,
    int rows,
    IReadOnlyList<string> outputNames,
    DateTimeOffset? deadline,
    DateTimeOffset enqueuedAt)
{
    private string? _signature;

    public IReadOnlyList<Tensor> Inputs { get; } = inputs;

    public int Rows { get; } = rows;

    public IReadOnlyList<string> OutputNames { get; } = outputNames;

    public DateTimeOffset? Deadline { get; } = deadline;

    public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

    /// <summary>
    /// Requests merge only with others of the same signature (datatypes and non-batch dimensions). Built when first
    /// asked, under the batcher's lock: a request that runs inline, alone, never needs it.
    /// </summary>
    public string Signature => _signature ??= BatchSignature.Of(Inputs);

    // Continuations run on the pool, never on the batcher's thread, so a slow caller cannot stall the next batch.
    public TaskCompletionSource<IReadOnlyList<Tensor>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>The span the caller enqueued under, when the batcher traces; default otherwise.</summary>
    public System.Diagnostics.ActivityContext TraceParent { get; init; }

    public void Succeed(IReadOnlyList<Tensor> outputs)
    {
        Cancellation.Unregister();
        Completion.TrySetResult(outputs);
    }

    public void Fail(Exception error)
    {
        Cancellation.Unregister();
        Completion.TrySetException(error);
    }
}
