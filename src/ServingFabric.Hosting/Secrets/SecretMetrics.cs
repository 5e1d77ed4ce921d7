using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ServingFabric.Telemetry;

namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// The secret store's instruments (meter <see cref="MeterName"/>, exported at /metrics): reads by secret and outcome,
/// rotations that could not be applied, and whether the last refresh of a secret failed (for alerts).
/// </summary>
internal sealed class SecretMetrics : IDisposable
{
    public const string MeterName = "ServingFabric.Secrets";

    private readonly Meter _meter;
    private readonly Counter<long> _reads;
    private readonly Counter<long> _rotationFailures;
    private readonly Counter<long> _rotations;
    private readonly ConcurrentDictionary<string, int> _unreachable = new(StringComparer.Ordinal);

    public SecretMetrics()
    {
        _meter = new Meter(FabricMeters.Options(MeterName, this));
        _reads = _meter.CreateCounter<long>("servingfabric.secret.reads", "{read}", "Secret reads, version lists and refreshes by secret reference and outcome.");
        _rotations = _meter.CreateCounter<long>("servingfabric.secret.rotations", "{rotation}", "New secret versions applied without a restart.");
        _rotationFailures = _meter.CreateCounter<long>(
            "servingfabric.secret.rotation_failures", "{rotation}", "New secret versions that could not be applied (the previous value stays in force).");
        _meter.CreateObservableGauge(
            "servingfabric.secret.store_unreachable",
            () => _unreachable.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("secret", p.Key))),
            "{secret}", "1 while the last refresh of the secret failed (its last good value stays in force).");
    }

    public void Read(string secret, string outcome) =>
        _reads.Add(1, new KeyValuePair<string, object?>("secret", secret), new KeyValuePair<string, object?>("outcome", outcome));

    public void Rotated(string secret) => _rotations.Add(1, new KeyValuePair<string, object?>("secret", secret));

    public void RotationFailed(string secret) => _rotationFailures.Add(1, new KeyValuePair<string, object?>("secret", secret));

    public void Reachable(string secret, bool reachable) => _unreachable[secret] = reachable ? 0 : 1;

    public void Dispose() => _meter.Dispose();
}
