using ServingFabric.Releases;
using ServingFabric.Traffic.Rollouts;
using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Grains.Releases;

/// <summary>
/// What fronts flushed since the router last evaluated its release (the arms of that release only), and each version's
/// recent latency histogram (the baseline a new release takes its slow-request threshold from). Memory only: losing a
/// few seconds of it with an activation costs evidence, never correctness.
/// </summary>
internal sealed class OutcomeInbox
{
    private readonly Dictionary<string, LatencyWindow> _latency = new(StringComparer.Ordinal);
    private ReleaseObservations _pending = new();
    private string? _pendingReleaseId;

    /// <summary>
    /// Adds a front's report. Arms count only when <paramref name="running"/> is the release the report was recorded
    /// for; every version's histogram feeds its latency window. Returns what was wrong with entries it dropped.
    /// </summary>
    public IReadOnlyList<string> Add(OutcomeReport report, ExperimentArms? running, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(report);
        var problems = new List<string>();
        foreach (var outcome in report.Versions ?? [])
        {
            if (outcome?.LatencyHistogram is { } histogram && histogram.Count == LatencyBuckets.Count && histogram.All(c => c >= 0))
            {
                LatencyOf(outcome.Version, window).Add(histogram, now);
            }
            else if (outcome is not null && outcome.LatencyHistogram is { Count: > 0 })
            {
                problems.Add($"version {outcome.Version}: latency histogram needs {LatencyBuckets.Count} non-negative buckets, got {outcome.LatencyHistogram.Count}");
            }
        }

        if (running is null || report.ExperimentId != running.Id || report.Arms is not { Count: > 0 } arms)
        {
            return problems;
        }

        if (_pendingReleaseId != running.Id)
        {
            (_pending, _pendingReleaseId) = (new ReleaseObservations(), running.Id);
        }

        foreach (var arm in arms)
        {
            if (arm is null || (arm.Version != running.Control && arm.Version != running.Candidate))
            {
                continue;
            }

            if (Problem(arm) is { } problem)
            {
                problems.Add($"arm {arm.Version}: {problem}");
                continue;
            }

            (arm.Version == running.Control ? _pending.Control : _pending.Candidate).Merge(ToArm(arm));
        }

        return problems;
    }

    /// <summary>Takes the observations gathered for release <paramref name="releaseId"/> since the last call.</summary>
    public ReleaseObservations Take(string releaseId)
    {
        var taken = _pendingReleaseId == releaseId ? _pending : new ReleaseObservations();
        (_pending, _pendingReleaseId) = (new ReleaseObservations(), releaseId);
        return taken;
    }

    /// <summary>The <paramref name="quantile"/> of the version's latency over the window, in ms; null without data.</summary>
    public double? LatencyQuantile(string version, double quantile, DateTimeOffset now) =>
        _latency.TryGetValue(version, out var window) && window.Quantile(quantile, now) is { } ms && double.IsFinite(ms) ? ms : null;

    private LatencyWindow LatencyOf(string version, TimeSpan window)
    {
        if (!_latency.TryGetValue(version, out var latency) || latency.Length != window)
        {
            _latency[version] = latency = new LatencyWindow(window);
        }

        return latency;
    }

    private static ArmObservations ToArm(VersionOutcomes o) => new()
    {
        Requests = o.Requests,
        Errors = o.Errors,
        SlowRequests = o.SlowRequests,
        LogLatency = new MeanAccumulator { Count = o.LatencyCount, Mean = o.LogLatencyMean, M2 = o.LogLatencyM2 },
        Reward = new MeanAccumulator { Count = o.RewardCount, Mean = o.RewardMean, M2 = o.RewardM2 },
    };

    private static string? Problem(VersionOutcomes o) =>
        o.Requests < 0 || o.Errors < 0 || o.SlowRequests < 0 || o.LatencyCount < 0 || o.RewardCount < 0 ? "counts must not be negative"
        : o.Errors > o.Requests || o.SlowRequests > o.Requests ? $"errors ({o.Errors}) and slow requests ({o.SlowRequests}) cannot exceed requests ({o.Requests})"
        : !double.IsFinite(o.LogLatencyMean) || !double.IsFinite(o.RewardMean) || !(o.LogLatencyM2 >= 0) || !(o.RewardM2 >= 0) || double.IsInfinity(o.LogLatencyM2) || double.IsInfinity(o.RewardM2)
            ? "means must be finite and M2 finite and non-negative"
            : null;
}
