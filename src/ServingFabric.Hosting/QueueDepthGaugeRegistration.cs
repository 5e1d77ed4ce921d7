using Orleans.Runtime;
using ServingFabric.Runtime.Hosting;
using ServingFabric.Runtime.Telemetry;

namespace ServingFabric.Hosting;

/// <summary>Connects the queue-depth gauge to this silo's model host when the silo starts.</summary>
internal sealed class QueueDepthGaugeRegistration(ServingFabricMetrics metrics, ModelHost host) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(QueueDepthGaugeRegistration), ServiceLifecycleStage.RuntimeServices, _ =>
        {
            metrics.QueueDepthSource = () => host.GetLoadedModels().Select(m => (m.ModelName, m.Version, m.QueueDepth));
            return Task.CompletedTask;
        });
}
