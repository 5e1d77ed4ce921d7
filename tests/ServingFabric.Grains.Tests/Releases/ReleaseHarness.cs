using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Releases;
using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>
/// A router's release state driven without a cluster: a fake clock, the outcome inbox, and fronts that flush every
/// ten seconds; it records every event, retirement and traffic split the controller produces.
/// </summary>
internal sealed class ReleaseHarness
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(10);

    public ReleaseHarness(params string[] versions)
    {
        Spec = new ModelDeploymentSpec("m", new ModelConfig(), versions, versions[0]);
        Registry.SyncWithRepository();
    }

    /// <summary>A harness continuing from <paramref name="state"/> (read back from storage, say) at <paramref name="now"/>.</summary>
    public ReleaseHarness(RouterReleaseState state, ModelDeploymentSpec spec, DateTimeOffset now)
    {
        (State, Spec) = (state, spec);
        Time.SetUtcNow(now);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public RouterReleaseState State { get; } = new();

    public ModelDeploymentSpec Spec { get; set; }

    public ReleaseOptions Options { get; } = new();

    public OutcomeInbox Inbox { get; } = new();

    public List<EventDraft> Events { get; } = [];

    public List<string> Retired { get; } = [];

    /// <summary>The candidate's weight after each change of the split (0 when the split is gone).</summary>
    public List<double> CandidateWeights { get; } = [];

    public ReleaseController Controller => new(State, Spec, Options, Time);

    public VersionRegistry Registry => new(State, Spec, Time);

    public static ChangeAuthor Operator(string why) => new("alice", why);

    public ReleaseChange Do(Action<ReleaseController, ReleaseChange> action)
    {
        var change = new ReleaseChange();
        var candidate = State.Release?.Candidate;
        action(Controller, change);
        Events.AddRange(change.Events);
        Retired.AddRange(change.RetiredVersions);
        if (change.TrafficChanged)
        {
            candidate ??= State.Release?.Candidate;
            CandidateWeights.Add(Controller.CurrentTrafficPolicy()?.Weights.Where(w => w.Version == candidate).Sum(w => w.Percent) ?? 0);
        }

        return change;
    }

    public double? Baseline(string version) => Inbox.LatencyQuantile(version, Options.SlowQuantile, Time.GetUtcNow());

    /// <summary>A minute of traffic on <paramref name="version"/> alone, so a release has a latency baseline.</summary>
    public void WarmBaseline(SimulatedFronts fronts, string version, SimulatedArm arm)
    {
        for (var i = 0; i < 6; i++)
        {
            Time.Advance(FlushInterval);
            Inbox.Add(fronts.Flush(null, version, arm, "none", arm, 0, 500), null, Time.GetUtcNow(), Options.LatencyBaselineWindow);
        }
    }

    /// <summary>
    /// Flushes and evaluates until the release ends or <paramref name="maxFlushes"/> pass. The fronts send the
    /// candidate its configured share unless <paramref name="actualCandidatePercent"/> says otherwise (a broken split).
    /// </summary>
    public int Run(SimulatedFronts fronts, SimulatedArm control, SimulatedArm candidate, int requestsPerFlush, int maxFlushes, double? actualCandidatePercent = null)
    {
        var flushes = 0;
        while (State.ReleaseRunning && flushes < maxFlushes)
        {
            flushes++;
            Time.Advance(FlushInterval);
            var release = State.Release!;
            var arms = Controller.CurrentTrafficPolicy()!.Experiment!;
            var share = actualCandidatePercent ?? release.CandidatePercent;
            var report = fronts.Flush(arms, release.Control, control, release.Candidate, candidate, share, requestsPerFlush);
            Inbox.Add(report, arms, Time.GetUtcNow(), Options.LatencyBaselineWindow);
            Do((controller, change) => controller.Evaluate(Inbox.Take(arms.Id), change));
        }

        return flushes;
    }
}
