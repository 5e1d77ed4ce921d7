using System.Collections.Concurrent;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Admission;

/// <summary>
/// The silo's admission gates, one per model version, shared by every front activation on the silo (fronts are a
/// stateless-worker pool, so a per-activation limit would multiply by the pool size). Also feeds the admission gauges.
/// </summary>
internal sealed class AdmissionGates
{
    private readonly ConcurrentDictionary<(string Model, string Version), AdmissionGate> _gates = new();
    private readonly ConcurrentDictionary<(string Model, string Version), long> _revisions = new();
    private readonly TimeProvider _time;
    private readonly ServingFabricMetrics? _metrics;

    /// <param name="time">Drives queue timeouts.</param>
    /// <param name="metrics">Counts decisions and reports the gauges; null for none.</param>
    public AdmissionGates(TimeProvider time, ServingFabricMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _metrics = metrics;
        if (metrics is not null)
        {
            metrics.AdmissionSource = Describe;
        }
    }

    /// <summary>The gate of <paramref name="model"/> <paramref name="version"/>, created or resized to <paramref name="limits"/>.</summary>
    /// <param name="revision">
    /// The routing revision the limits come from. Front activations refresh their tables independently, so for up to a
    /// refresh one may still hold the previous limits: limits from an older revision than the gate has seen are ignored
    /// instead of resizing the gate back and forth. Null: always apply.
    /// </param>
    public AdmissionGate For(string model, string version, AdmissionLimits limits, long? revision = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var gate = _gates.GetOrAdd((model, version), static (key, state) =>
            new AdmissionGate(key.Model, key.Version, state.Limits, state.Time, state.Metrics), (Limits: limits, Time: _time, Metrics: _metrics));
        if (revision is not { } current || IsLatest((model, version), current))
        {
            gate.Resize(limits);
        }

        return gate;
    }

    private bool IsLatest((string Model, string Version) key, long revision)
    {
        while (true)
        {
            var seen = _revisions.GetOrAdd(key, revision);
            if (revision < seen)
            {
                return false;
            }

            if (revision == seen || _revisions.TryUpdate(key, revision, seen))
            {
                return true;
            }
        }
    }

    /// <summary>The gate of <paramref name="model"/> <paramref name="version"/> if a front has used one, without creating or resizing it.</summary>
    public AdmissionGate? Find(string model, string version) => _gates.GetValueOrDefault((model, version));

    /// <summary>Forgets idle gates of <paramref name="model"/>'s versions that are no longer routed; busy ones stay until a later call.</summary>
    public void Retain(string model, IReadOnlyCollection<string> routedVersions)
    {
        ArgumentNullException.ThrowIfNull(routedVersions);
        foreach (var (key, gate) in _gates)
        {
            if (key.Model == model && !routedVersions.Contains(key.Version) && gate.IsIdle)
            {
                _gates.TryRemove(new KeyValuePair<(string, string), AdmissionGate>(key, gate));
                _revisions.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Requests in service and waiting per model version, for the gauges.</summary>
    public IEnumerable<(string Model, string Version, int InService, int Waiting)> Describe()
    {
        foreach (var gate in _gates.Values)
        {
            yield return (gate.Model, gate.Version, gate.InService, gate.Waiting);
        }
    }
}
