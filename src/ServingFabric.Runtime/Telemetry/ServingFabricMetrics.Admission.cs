using System.Diagnostics;
using System.Diagnostics.Metrics;
using static ServingFabric.Runtime.Telemetry.ServingFabricMetricNames;

namespace ServingFabric.Runtime.Telemetry;

/// <summary>Admission control: decisions as counters, queue and slots as gauges.</summary>
public sealed partial class ServingFabricMetrics
{
    private readonly Counter<long> _admitted;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _refused;

    /// <summary>Supplies slots in service and requests waiting per model version; set by the silo's admission gates.</summary>
    public Func<IEnumerable<(string Model, string Version, int InService, int Waiting)>>? AdmissionSource { get; set; }

    public void RecordAdmitted(string model, string version, bool waited) =>
        _admitted.Add(1, new TagList { { "model", model }, { "version", version }, { "waited", waited ? "true" : "false" } });

    public void RecordQueued(string model, string version) =>
        _queued.Add(1, new TagList { { "model", model }, { "version", version } });

    /// <param name="model">Model name.</param>
    /// <param name="version">Version.</param>
    /// <param name="reason"><c>queue_full</c>, <c>queue_timeout</c> or <c>deadline</c>.</param>
    public void RecordRefused(string model, string version, string reason) =>
        _refused.Add(1, new TagList { { "model", model }, { "version", version }, { "reason", reason } });

    private (Counter<long> Admitted, Counter<long> Queued, Counter<long> Refused) CreateAdmissionInstruments(Meter meter)
    {
        meter.CreateObservableGauge(AdmissionWaiting, () => ObserveAdmission(waiting: true), "{request}",
            "Requests waiting in this silo's admission queue per model version.");
        meter.CreateObservableGauge(AdmissionInService, () => ObserveAdmission(waiting: false), "{request}",
            "Requests holding an admission slot per model version on this silo.");
        return (
            meter.CreateCounter<long>(AdmissionAdmitted, "{request}", "Requests admitted by model, version and whether they waited first."),
            meter.CreateCounter<long>(AdmissionQueued, "{request}", "Requests that waited in the admission queue."),
            meter.CreateCounter<long>(AdmissionRefused, "{request}", "Requests refused with 429 by reason (queue_full, queue_timeout, deadline)."));
    }

    private IEnumerable<Measurement<int>> ObserveAdmission(bool waiting)
    {
        if (AdmissionSource is not { } source)
        {
            yield break;
        }

        foreach (var (model, version, inService, waiters) in source())
        {
            yield return new Measurement<int>(waiting ? waiters : inService, Tag("model", model), Tag("version", version));
        }
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
