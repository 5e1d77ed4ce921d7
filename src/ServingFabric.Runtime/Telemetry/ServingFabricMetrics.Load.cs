using System.Diagnostics.Metrics;
using static ServingFabric.Runtime.Telemetry.ServingFabricMetricNames;

namespace ServingFabric.Runtime.Telemetry;

/// <summary>Load signals a Kubernetes HPA or KEDA scales silo pods on: in-flight requests, CPU and memory.</summary>
public sealed partial class ServingFabricMetrics
{
    /// <summary>Supplies in-flight requests per model version on this silo; set by the silo's model host.</summary>
    public Func<IEnumerable<(string Model, string Version, int InFlight)>>? InFlightSource { get; set; }

    private void CreateLoadInstruments(Meter meter, SiloResourceMonitor? resources)
    {
        meter.CreateObservableGauge(ReplicaInFlight, ObserveInFlight, "{request}",
            "Requests being served per model version on this silo (waiting in its batcher or running), over all its replicas here.");
        if (resources is null)
        {
            return;
        }

        meter.CreateObservableGauge(SiloCpuUtilization, () => resources.Current.CpuUtilization, "1",
            "Silo process CPU over the cores its container may use (cgroup cpu.max, else the processor count), 0 to 1.");
        meter.CreateObservableGauge(SiloMemoryUtilization, () => resources.Current.MemoryUtilization, "1",
            "Silo working set over its memory limit (cgroup memory.max, else physical memory), 0 to 1.");
        meter.CreateObservableGauge("servingfabric.silo.memory.working_set", () => resources.Current.WorkingSetBytes, "By",
            "Silo process working set.");
        meter.CreateObservableGauge("servingfabric.silo.memory.limit", () => resources.Current.MemoryLimitBytes, "By",
            "Memory the silo may use: cgroup memory.max, else physical memory.");
    }

    private IEnumerable<Measurement<int>> ObserveInFlight()
    {
        if (InFlightSource is not { } source)
        {
            yield break;
        }

        foreach (var (model, version, inFlight) in source())
        {
            yield return new Measurement<int>(inFlight, Tag("model", model), Tag("version", version));
        }
    }
}
