using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Runtime;
using ServingFabric.Models;
using ServingFabric.Telemetry;

namespace ServingFabric.Grains.Telemetry;

/// <summary>
/// The fleet as alerts read it (meter <c>ServingFabric</c>): each model router publishes its versions' replicas by
/// health, their minimum and desired counts, zones covered and whether the spread is degraded after every supervisor
/// round, from the silo it runs on (one silo per model: sum or max over silos); every model event is counted by kind
/// (a canary rolled back, a replica lost...); each silo reports the active silos it sees in membership.
/// </summary>
public sealed class FleetMetrics
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<VersionFleet>> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelAvailability> _availability = new(StringComparer.Ordinal);
    private readonly Counter<long> _events;

    public FleetMetrics(IMeterFactory meterFactory, IClusterMembershipService? membership = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = FabricMeters.Create(meterFactory, "ServingFabric");
        _events = meter.CreateCounter<long>("servingfabric.model.events", "{event}", "Model events by model and kind (release_rolled_back, replica_lost, spread_degraded...).");
        meter.CreateObservableGauge("servingfabric.model.replicas", ObserveReplicas, "{replica}",
            "Replicas per model version by the supervisor's health verdict (healthy, warming, unhealthy, ejected, lost, unreachable, unknown).");
        meter.CreateObservableGauge("servingfabric.model.replicas.min", () => Observe(v => v.Min), "{replica}", "The replicas each version must keep (config.json replicas.min).");
        meter.CreateObservableGauge("servingfabric.model.replicas.desired", () => Observe(v => v.Desired), "{replica}", "The replicas each version should run now (scaled).");
        meter.CreateObservableGauge("servingfabric.model.zones", () => Observe(v => v.Zones), "{zone}", "Zones holding at least one healthy replica of the version.");
        meter.CreateObservableGauge("servingfabric.model.spread_degraded", () => Observe(v => v.SpreadDegraded ? 1 : 0), "1",
            "1 while replicas of the version share a zone or silo because too few zones or inference silos are available.");
        meter.CreateObservableGauge("servingfabric.model.availability", () => ObserveAvailability((w, _) => w.Sli), "1",
            "Availability SLI (good / valid requests) per model, window (5m, 1h, 1d, 30d) and version (no version label: the whole model).");
        meter.CreateObservableGauge("servingfabric.model.error_budget_remaining", () => ObserveAvailability((w, objective) => w.ErrorBudgetRemaining(objective)), "1",
            "Share of the error budget left per model and window (1 untouched, 0 spent, negative overspent).");
        meter.CreateObservableGauge("servingfabric.model.availability_objective",
            () => _availability.Select(m => new Measurement<double>(m.Value.Objective.Availability, Model(m.Key))), "1", "The model's availability objective (config.json slo.availability).");
        if (membership is not null)
        {
            meter.CreateObservableGauge("servingfabric.cluster.silos",
                () => membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active), "{silo}", "Active silos in membership as this silo sees them.");
        }
    }

    /// <summary>A router's view of its versions, and of the model's availability when given, after a supervisor round.</summary>
    public void Publish(string model, IReadOnlyList<VersionFleet> versions, ModelAvailability? availability = null)
    {
        _models[model] = versions;
        if (availability is not null)
        {
            _availability[model] = availability;
        }
    }

    /// <summary>The router stopped (unloaded, or deactivated on this silo): its gauges go with it.</summary>
    public void Forget(string model)
    {
        _models.TryRemove(model, out _);
        _availability.TryRemove(model, out _);
    }

    public void RecordEvent(string model, ModelEventKind kind) =>
        _events.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("kind", KindName(kind)));

    /// <summary><c>ReleaseRolledBack</c> → <c>release_rolled_back</c>.</summary>
    public static string KindName(ModelEventKind kind) => SnakeCase(kind.ToString());

    internal static string HealthName(ReplicaHealth health) => SnakeCase(health.ToString());

    private IEnumerable<Measurement<int>> Observe(Func<VersionFleet, int> value) =>
        _models.SelectMany(m => m.Value.Select(v => new Measurement<int>(value(v), Model(m.Key), Version(v.Version))));

    private IEnumerable<Measurement<int>> ObserveReplicas() =>
        _models.SelectMany(m => m.Value.SelectMany(v => v.ReplicasByHealth.Select(h =>
            new Measurement<int>(h.Value, Model(m.Key), Version(v.Version), new KeyValuePair<string, object?>("health", HealthName(h.Key))))));

    // Windows without valid requests have no SLI: no sample rather than a misleading 100 %.
    private IEnumerable<Measurement<double>> ObserveAvailability(Func<AvailabilityWindow, double, double?> value)
    {
        foreach (var (model, availability) in _availability)
        {
            var objective = availability.Objective.Availability;
            foreach (var window in availability.Windows)
            {
                if (value(window, objective) is { } v)
                {
                    yield return new Measurement<double>(v, Model(model), Window(window.Window));
                }
            }

            foreach (var version in availability.Versions)
            {
                foreach (var window in version.Windows)
                {
                    if (value(window, objective) is { } v)
                    {
                        yield return new Measurement<double>(v, Model(model), Version(version.Version), Window(window.Window));
                    }
                }
            }
        }
    }

    private static KeyValuePair<string, object?> Window(string window) => new("window", window);

    private static KeyValuePair<string, object?> Model(string model) => new("model", model);

    private static KeyValuePair<string, object?> Version(string version) => new("version", version);

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>One version's fleet: replicas by health (every health, zero included), bounds, zones covered, spread.</summary>
public sealed record VersionFleet(
    string Version, IReadOnlyDictionary<ReplicaHealth, int> ReplicasByHealth, int Min, int Desired, int Zones, bool SpreadDegraded)
{
    public static VersionFleet Of(string version, IEnumerable<ReplicaObservation> replicas, int min, int desired, bool spreadDegraded)
    {
        var seen = replicas.ToList();
        var byHealth = Enum.GetValues<ReplicaHealth>().ToDictionary(h => h, h => seen.Count(r => r.Health == h));
        var zones = seen.Where(r => r.Health == ReplicaHealth.Healthy && r.Zone is { Length: > 0 }).Select(r => r.Zone).Distinct(StringComparer.Ordinal).Count();
        return new VersionFleet(version, byHealth, min, desired, zones, spreadDegraded);
    }
}
