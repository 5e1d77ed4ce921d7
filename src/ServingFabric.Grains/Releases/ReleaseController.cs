using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Traffic.Rollouts;

namespace ServingFabric.Grains.Releases;

/// <summary>
/// Runs a model's canaries and A/B tests on the router's state: starts them, feeds each evaluation's observations to
/// the policy, and turns decisions into traffic, default and lifecycle changes with an event that says who and why.
/// No grain plumbing, so tests drive it with a fake clock; the router persists the state and carries out the
/// returned <see cref="ReleaseChange"/>.
/// </summary>
internal sealed partial class ReleaseController(RouterReleaseState state, ModelDeploymentSpec spec, ReleaseOptions options, TimeProvider time)
{
    /// <summary>The actor of automatic decisions.</summary>
    public const string FabricActor = "fabric";

    private readonly VersionRegistry _registry = new(state, spec, time);

    public VersionRegistry Registry => _registry;

    /// <summary>Starts a canary of a registered, active, non-default version beside the default.</summary>
    /// <param name="latencyBaselineMs">The control's slow-request threshold (ms) from recent traffic, or null without data.</param>
    public ExperimentView StartCanary(CanaryRequest request, ChangeAuthor author, Func<string, double?> latencyBaselineMs, ReleaseChange change)
    {
        ArgumentNullException.ThrowIfNull(request);
        VersionRegistry.RequireAuthor(author);
        _registry.RequireNoRelease("start a canary");
        _registry.RequireActive(request.Version, "be released");
        var stable = _registry.Default;
        if (request.Version == stable)
        {
            throw new InferenceException(InferenceErrorKind.Conflict, $"version '{request.Version}' is already the default of model '{spec.Name}'; a canary needs another version");
        }

        RequireNoManualSplit("a canary");
        var canaryOptions = options.Canary.Copy();
        canaryOptions.Steps = request.Steps?.ToArray() ?? canaryOptions.Steps;
        canaryOptions.MinRequestsPerArmPerStep = request.MinRequestsPerStep ?? canaryOptions.MinRequestsPerArmPerStep;
        canaryOptions.MinStepDuration = request.MinStepDuration ?? canaryOptions.MinStepDuration;
        canaryOptions.HardGuardErrorRate = request.HardGuardErrorRate ?? canaryOptions.HardGuardErrorRate;
        var canary = Valid(() => new CanaryPolicy(canaryOptions, time)).Start(stable, request.Version);
        var release = Begin(ReleaseKind.Canary, author, latencyBaselineMs(stable), canary.History[0].Reason, change);
        release.CanaryOptions = canaryOptions;
        release.Canary = canary;
        change.Record(ModelEventKind.ReleaseStarted, author.Who,
            $"canary {release.Id} of {spec.Name}: version {request.Version} at {VersionRegistry.Percent(canary.CanaryPercent)} beside {stable} " +
            $"(steps {string.Join(", ", canaryOptions.Steps)} %, at least {canaryOptions.MinRequestsPerArmPerStep} requests per arm and {canaryOptions.MinStepDuration.TotalSeconds:0} s per step, " +
            $"hard guard {VersionRegistry.Percent(canaryOptions.HardGuardErrorRate * 100)} errors; {SlowThreshold(release)}): {author.Why}");
        return ReleaseViews.Of(release);
    }

    /// <summary>Starts an A/B test of the treatment against the control (default: the default version).</summary>
    public ExperimentView StartAbTest(AbTestRequest request, ChangeAuthor author, Func<string, double?> latencyBaselineMs, ReleaseChange change)
    {
        ArgumentNullException.ThrowIfNull(request);
        VersionRegistry.RequireAuthor(author);
        _registry.RequireNoRelease("start an A/B test");
        var control = request.Control ?? _registry.Default;
        _registry.RequireActive(control, "be arm A of an A/B test");
        _registry.RequireActive(request.Treatment, "be arm B of an A/B test");
        if (control == request.Treatment)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"an A/B test needs two different versions; both arms are '{control}'");
        }

        RequireNoManualSplit("an A/B test");
        var abOptions = options.AbTest.Copy();
        abOptions.TreatmentPercent = request.TreatmentPercent ?? abOptions.TreatmentPercent;
        abOptions.PrimaryMetric = request.Metric is { } metric ? MetricOf(metric) : abOptions.PrimaryMetric;
        abOptions.MinimumDuration = request.MinimumDuration ?? abOptions.MinimumDuration;
        abOptions.MinSamplesPerArm = request.MinSamplesPerArm ?? abOptions.MinSamplesPerArm;
        abOptions.MaxSamplesPerArm = request.MaxSamplesPerArm ?? abOptions.MaxSamplesPerArm;
        var test = Valid(() => new AbTestPolicy(abOptions, time)).Start(control, request.Treatment);
        var release = Begin(ReleaseKind.AbTest, author, latencyBaselineMs(control), test.History[0].Reason, change);
        release.AbTestOptions = abOptions;
        release.AbTest = test;
        change.Record(ModelEventKind.ReleaseStarted, author.Who,
            $"A/B test {release.Id} of {spec.Name}: {control} (A) vs {request.Treatment} (B) at {VersionRegistry.Percent(test.TreatmentPercent)} on {abOptions.PrimaryMetric} " +
            $"(α {abOptions.Alpha}, {abOptions.MinSamplesPerArm} to {abOptions.MaxSamplesPerArm} samples per arm, at least {abOptions.MinimumDuration.TotalMinutes:0.#} min; {SlowThreshold(release)}): {author.Why}");
        return ReleaseViews.Of(release);
    }

    /// <summary>Weights (the release's split, else the operator's), mirror, faults and the running release's arms; null when there is none of these.</summary>
    public TrafficPolicy? CurrentTrafficPolicy()
    {
        var release = state.Release is { IsRunning: true } running ? running : null;
        var weights = release is null ? state.Weights : Split(release);
        var active = _registry.Active;
        var faults = state.Faults.Values.Where(f => active.Contains(f.Version)).OrderBy(f => f.Version, VersionOrdering.Instance).ToList();
        var arms = release is null ? null : new ExperimentArms(release.ArmsId, release.Kind, release.Control, release.Candidate,
            release.SlowThresholdMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, release.Id);
        return weights.Count == 0 && state.Mirror is null && faults.Count == 0 && arms is null
            ? null
            : new TrafficPolicy(weights, state.Mirror, faults.Count == 0 ? null : faults, arms);
    }

    /// <summary>The running or latest release as operators see it; null when none ever ran.</summary>
    public ExperimentView? CurrentView() => state.Release is { } release ? ReleaseViews.Of(release) : null;

    private static List<VersionWeight> Split(ReleaseRecord release)
    {
        var split = new List<VersionWeight>
        {
            new(release.Control, 100 - release.CandidatePercent),
            new(release.Candidate, release.CandidatePercent),
        };
        split.RemoveAll(w => w.Percent <= 0);
        split.Sort((a, b) => VersionOrdering.Instance.Compare(a.Version, b.Version));
        return split;
    }

    private ReleaseRecord Begin(ReleaseKind kind, ChangeAuthor author, double? slowThresholdMs, string reason, ReleaseChange change)
    {
        var now = time.GetUtcNow();
        var release = new ReleaseRecord
        {
            Id = $"{(kind == ReleaseKind.Canary ? "canary" : "ab")}-{++state.ReleaseSequence}",
            Kind = kind,
            SlowThresholdMs = slowThresholdMs,
            StartedBy = author.Who,
            Decision = "Start",
            Reason = reason,
            CheckpointAt = now,
        };
        state.Release = release;
        change.TrafficChanged = true;
        return release;
    }

    private void RequireNoManualSplit(string what)
    {
        if (state.Weights.Count > 0)
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"model '{spec.Name}' has a manual split ({VersionRegistry.DescribeTraffic(state.Weights, null)}); set empty weights first so {what} can own the split");
        }
    }

    private static T Valid<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, ex.Message);
        }
    }

    private static AbMetric MetricOf(ExperimentMetric metric) => metric switch
    {
        ExperimentMetric.Latency => AbMetric.Latency,
        ExperimentMetric.Errors => AbMetric.Errors,
        ExperimentMetric.Reward => AbMetric.Reward,
        _ => throw new InferenceException(InferenceErrorKind.InvalidInput, $"metric must be Reward, Latency or Errors; got {metric}"),
    };

    private string SlowThreshold(ReleaseRecord release) => release.SlowThresholdMs is { } ms
        ? $"requests over {ms:0.##} ms (the control's recent p{options.SlowQuantile * 100:0.#}) count as slow"
        : "no recent latency of the control, so no request counts as slow";
}
