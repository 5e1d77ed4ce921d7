using ServingFabric.Inference;

namespace ServingFabric.Runtime.Batching;

/// <summary>
/// Hears what a <see cref="DynamicBatcher"/> does, so telemetry can count batches and refusals without the batcher
/// knowing any metrics library. Called on the batcher's own thread or the caller's; keep it cheap and non-throwing.
/// </summary>
public interface IBatchObserver
{
    /// <summary>A batch ran: its rows, the requests merged in it, how long its oldest request waited and how long the engine took.</summary>
    void OnBatch(int rows, int requests, TimeSpan queueWait, TimeSpan runTime);

    /// <summary>A request failed without a result: queue full, deadline passed, unloading, or the engine failed its batch.</summary>
    void OnRejected(InferenceErrorKind kind);
}
