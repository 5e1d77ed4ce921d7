using ServingFabric.Releases;
using ServingFabric.Traffic.Rollouts;
using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Grains.Releases;

/// <summary>Builds what operators see of a release (<see cref="ExperimentView"/>) from its persisted record.</summary>
internal static class ReleaseViews
{
    public static ExperimentView Of(ReleaseRecord release)
    {
        ArgumentNullException.ThrowIfNull(release);
        if (release.Canary is { } canary)
        {
            return new ExperimentView(
                release.Id, release.Kind, release.Status, canary.StableVersion, canary.CanaryVersion, canary.CanaryPercent, canary.StepIndex,
                release.CanaryOptions?.Steps ?? [], canary.StartedAt, canary.StepStartedAt, Arms(canary.Total, canary.StableVersion, canary.CanaryVersion),
                [
                    Count("errors (count test)", canary.ErrorTest),
                    Count("slow requests (count test)", canary.SlowTest),
                    Count("sample ratio (count test)", canary.SampleRatioTest),
                    Mean("latency (mSPRT on log-latency)", canary.LatencyTest),
                ],
                release.Decision, release.Reason, History(canary.History));
        }

        var test = release.AbTest ?? throw new InvalidOperationException($"Release {release.Id} has neither a canary nor an A/B test state.");
        var metric = release.AbTestOptions?.PrimaryMetric ?? AbMetric.Reward;
        var share = test.Status != AbTestStatus.Concluded ? test.TreatmentPercent : test.Winner == test.TreatmentVersion ? 100 : 0;
        return new ExperimentView(
            release.Id, release.Kind, release.Status, test.ControlVersion, test.TreatmentVersion, share, 0, [test.TreatmentPercent],
            test.StartedAt, test.StartedAt, Arms(test.Total, test.ControlVersion, test.TreatmentVersion),
            [
                Mean($"{metric.ToString().ToLowerInvariant()} (mSPRT)", test.PrimaryTest),
                Count("sample ratio (count test)", test.SampleRatioTest),
            ],
            release.Decision, release.Reason, History(test.History));
    }

    private static ArmView[] Arms(ReleaseObservations total, string control, string candidate) =>
        [Arm("control", control, total.Control), Arm("candidate", candidate, total.Candidate)];

    private static ArmView Arm(string role, string version, ArmObservations arm) => new(
        role, version, arm.Requests, arm.Errors, arm.ErrorEvents().Rate, arm.SlowRequests,
        arm.LogLatency.Count > 0 ? Math.Exp(arm.LogLatency.Mean) : 0, arm.Reward.Count, arm.Reward.Mean);

    // For a count test the estimate is the treatment's observed share of the events; it has no interval.
    private static TestView Count(string name, CountTestMonitor monitor) => new(
        name, monitor.TotalEvents > 0 ? (double)monitor.TreatmentEvents / monitor.TotalEvents : null, null, null,
        monitor.PValue, monitor.Settings.Alpha, monitor.Rejected);

    private static TestView Mean(string name, MsprtMonitor monitor)
    {
        var last = monitor.Last;
        var burnedIn = last is { IsBurnedIn: true };
        return new TestView(
            name,
            burnedIn && double.IsFinite(last!.Difference) ? last.Difference : null,
            burnedIn && double.IsFinite(last!.Interval.Lower) ? last.Interval.Lower : null,
            burnedIn && double.IsFinite(last!.Interval.Upper) ? last.Interval.Upper : null,
            monitor.PValue, monitor.Settings.Alpha, monitor.Rejected);
    }

    private static ReleaseHistoryView[] History(List<RolloutHistoryEntry> history) =>
        history.Select(entry => new ReleaseHistoryView(entry.At, entry.Action, entry.CandidatePercent, entry.Reason)).ToArray();
}
