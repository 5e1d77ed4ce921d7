using System.Collections.Concurrent;
using ServingFabric.Inference;
using ServingFabric.Runtime.Batching;

namespace ServingFabric.Runtime.Tests.Batching;

internal sealed class RecordingObserver : IBatchObserver
{
    public ConcurrentQueue<(int Rows, int Requests, TimeSpan QueueWait, TimeSpan RunTime)> Batches { get; } = new();

    public ConcurrentQueue<InferenceErrorKind> Rejections { get; } = new();

    public void OnBatch(int rows, int requests, TimeSpan queueWait, TimeSpan runTime) => Batches.Enqueue((rows, requests, queueWait, runTime));

    public void OnRejected(InferenceErrorKind kind) => Rejections.Enqueue(kind);
}
