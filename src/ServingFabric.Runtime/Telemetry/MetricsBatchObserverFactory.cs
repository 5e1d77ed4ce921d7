using ServingFabric.Inference;
using ServingFabric.Runtime.Batching;

namespace ServingFabric.Runtime.Telemetry;

/// <summary>Feeds each model version's batcher events into <see cref="ServingFabricMetrics"/>.</summary>
public sealed class MetricsBatchObserverFactory(ServingFabricMetrics metrics) : IBatchObserverFactory
{
    public IBatchObserver? Create(string modelName, string version) => new Observer(metrics, modelName, version);

    private sealed class Observer(ServingFabricMetrics metrics, string model, string version) : IBatchObserver
    {
        public void OnBatch(int rows, int requests, TimeSpan queueWait, TimeSpan runTime) =>
            metrics.RecordBatch(model, version, rows, queueWait);

        public void OnRejected(InferenceErrorKind kind)
        {
            // Refusals are counted once, by outcome, where the front records the request.
        }
    }
}
