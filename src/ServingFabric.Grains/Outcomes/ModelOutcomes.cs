using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Outcomes;

/// <summary>
/// What this silo's fronts saw of one model since its last flush: per version every request (explicit version,
/// default, split or mirrored) for load and health, and apart from those the release's arms (only what its split
/// assigned, and their feedback rewards), so explicit-version traffic never skews the release's statistics. Fronts on
/// many threads record into it under one lock per model; recording is a dictionary lookup and a few additions.
/// A report the router did not take comes back through <see cref="Undelivered"/> and goes out again merged into the
/// next one, for at most the retention the caller gives.
/// </summary>
internal sealed class ModelOutcomes(string model, DateTimeOffset createdAt)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, VersionTally> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutcomeAccumulator> _arms = new(StringComparer.Ordinal);
    private string? _armsExperiment;
    private DateTimeOffset _since = createdAt;
    private long _mirrorsDropped;
    private OutcomeReport? _unsent;
    private DateTimeOffset? _failingSince;

    /// <summary>The model's name.</summary>
    public string Model { get; } = model;

    /// <summary>A request to <paramref name="version"/> is on its way.</summary>
    public void Started(string version)
    {
        lock (_gate)
        {
            TallyOf(version).InFlight++;
        }
    }

    /// <summary>
    /// The request <see cref="Started"/> on <paramref name="version"/> ended. <paramref name="armExperiment"/>: the
    /// release whose split assigned it (it then counts in that release's arm as well); null otherwise.
    /// <paramref name="latencyObjective"/>: the model's, when the request counts for the availability SLI (a caller's
    /// request; null for a mirrored copy nobody waited for).
    /// </summary>
    public void Finished(string version, RequestOutcome outcome, TimeSpan latency, TimeSpan? slowThreshold, string? armExperiment, TimeSpan? latencyObjective = null)
    {
        lock (_gate)
        {
            var tally = TallyOf(version);
            tally.InFlight--;
            tally.All.Add(outcome, latency, slowThreshold, latencyObjective);
            ArmOf(version, armExperiment)?.Add(outcome, latency, slowThreshold);
        }
    }

    /// <summary>A feedback reward for a request <paramref name="version"/> answered; in the arm too when <paramref name="armExperiment"/> is set.</summary>
    public void Rewarded(string version, double reward, string? armExperiment)
    {
        lock (_gate)
        {
            TallyOf(version).All.AddReward(reward);
            ArmOf(version, armExperiment)?.AddReward(reward);
        }
    }

    /// <summary>A mirrored copy was dropped because the silo's mirror limit was reached.</summary>
    public void MirrorDropped() => Interlocked.Increment(ref _mirrorsDropped);

    /// <summary>Mirrored copies dropped since the last call.</summary>
    public long TakeMirrorsDropped() => Interlocked.Exchange(ref _mirrorsDropped, 0);

    /// <summary>
    /// What was recorded since the last report (plus any undelivered one), with the requests in flight now; null when
    /// there is nothing to tell (no traffic). A request reported in flight is in the next report's counts when it ends,
    /// so that report also says it is no longer in flight. Starts a new interval. Versions idle for a whole interval are
    /// forgotten.
    /// </summary>
    public OutcomeReport? TakeReport(string reporter, DateTimeOffset now)
    {
        var versions = new List<VersionOutcomes>();
        var arms = new List<VersionOutcomes>();
        var inFlight = new Dictionary<string, int>(StringComparer.Ordinal);
        string? experiment;
        TimeSpan interval;
        OutcomeReport? unsent;
        lock (_gate)
        {
            DrainVersions(versions, inFlight);
            DrainArms(arms);
            experiment = arms.Count > 0 ? _armsExperiment : null;
            _armsExperiment = null;
            interval = now - _since;
            _since = now;
            unsent = _unsent;
            _unsent = null;
        }

        var report = new OutcomeReport(reporter, experiment, interval, versions, inFlight, arms);
        if (unsent is not null)
        {
            report = OutcomeReports.Combine(unsent, report);
        }

        return report.Versions.Count == 0 && report.Arms is not { Count: > 0 } && inFlight.Count == 0 ? null : report;
    }

    /// <summary>The router took the last report.</summary>
    public void Delivered()
    {
        lock (_gate)
        {
            _failingSince = null;
        }
    }

    /// <summary>
    /// The router did not take <paramref name="report"/>: it is kept for the next flush, unless flushes have failed for
    /// longer than <paramref name="retention"/>, in which case it is dropped.
    /// </summary>
    public UndeliveredOutcome Undelivered(OutcomeReport report, DateTimeOffset now, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            var first = _failingSince is null;
            _failingSince ??= now;
            if (now - _failingSince.Value >= retention)
            {
                _failingSince = null;
                return UndeliveredOutcome.Dropped;
            }

            _unsent = report;
            return first ? UndeliveredOutcome.KeptFirstFailure : UndeliveredOutcome.Kept;
        }
    }

    private VersionTally TallyOf(string version)
    {
        if (!_versions.TryGetValue(version, out var tally))
        {
            tally = new VersionTally();
            _versions[version] = tally;
        }

        return tally;
    }

    // One release's arms at a time: the first release seen after a flush owns the interval; records of another (fronts
    // whose cached table still shows the release that just ended) are left out of the arms, never mixed in.
    private OutcomeAccumulator? ArmOf(string version, string? experiment)
    {
        if (experiment is null || (_armsExperiment is not null && _armsExperiment != experiment))
        {
            return null;
        }

        _armsExperiment = experiment;
        if (!_arms.TryGetValue(version, out var arm))
        {
            arm = new OutcomeAccumulator();
            _arms[version] = arm;
        }

        return arm;
    }

    private void DrainVersions(List<VersionOutcomes> into, Dictionary<string, int> inFlight)
    {
        List<string>? idle = null;
        foreach (var (version, tally) in _versions)
        {
            if (tally.InFlight > 0)
            {
                inFlight[version] = tally.InFlight;
            }

            if (!tally.All.IsEmpty)
            {
                into.Add(tally.All.ToOutcomes(version));
                tally.All.Reset();
            }
            else if (tally.InFlight == 0)
            {
                (idle ??= []).Add(version);
            }
        }

        foreach (var version in idle ?? [])
        {
            _versions.Remove(version);
        }
    }

    private void DrainArms(List<VersionOutcomes> into)
    {
        foreach (var (version, arm) in _arms)
        {
            if (!arm.IsEmpty)
            {
                into.Add(arm.ToOutcomes(version));
            }
        }

        // Arms are few and a release's next interval may be another release's: start from nothing.
        _arms.Clear();
    }

    private sealed class VersionTally
    {
        public OutcomeAccumulator All { get; } = new();

        public int InFlight { get; set; }
    }
}
