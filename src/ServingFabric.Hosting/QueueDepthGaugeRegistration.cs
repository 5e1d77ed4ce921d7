using Orleans.Runtime;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Telemetry;

namespace ServingFabric.Hosting;

/// <summary>Connects the model host's gauges (batch queue depth and in-flight requests per version) when the silo starts.</summary>
internal sealed class QueueDepthGaugeRegistration(ServingFabricMetrics metrics, ModelHost host) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(QueueDepthGaugeRegistration), ServiceLifecycleStage.RuntimeServices, _ =>
        {
            metrics.QueueDepthSource = () => host.GetLoadedModels().Select(m => (m.ModelName, m.Version, m.QueueDepth));
            metrics.InFlightSource = () => host.GetLoadedModels().Select(m => (m.ModelName, m.Version, m.InFlight));
            return Task.CompletedTask;
        });
}
