using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// The default canary policy: hard guard, sample-ratio gate, always-valid harm tests, then non-inferiority by
/// always-valid intervals before each step. Unlike fixed per-interval thresholds (Flagger, Argo Rollouts) or a
/// fixed-horizon test re-run every interval (Kayenta), every test here may be checked after every flush without
/// inflating false decisions: count tests from Lindon and Malek (NeurIPS 2022), mSPRT and its intervals from
/// Johari, Pekelis and Walsh ("Always Valid Inference", Operations Research, 2022).
/// </summary>
public sealed partial class CanaryPolicy : ICanaryPolicy
{
    private readonly CanaryOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the policy; throws if an option is out of range.</summary>
    public CanaryPolicy(CanaryOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        CanaryOptionsValidator.Validate(options);
        _options = options;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public CanaryState Start(string stableVersion, string canaryVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stableVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(canaryVersion);
        var now = _time.GetUtcNow();
        var state = new CanaryState
        {
            StableVersion = stableVersion,
            CanaryVersion = canaryVersion,
            CanaryPercent = _options.Steps[0],
            Status = CanaryStatus.Running,
            StartedAt = now,
            StepStartedAt = now,
            ErrorTest = new CountTestMonitor(CountSettings(_options.HarmAlpha, AlternativeHypothesis.Greater)),
            SlowTest = new CountTestMonitor(CountSettings(_options.HarmAlpha, AlternativeHypothesis.Greater)),
            SampleRatioTest = new CountTestMonitor(CountSettings(_options.SampleRatioAlpha, AlternativeHypothesis.TwoSided)),
            LatencyTest = new MsprtMonitor(new MsprtSettings
            {
                Tau = _options.LatencyTau,
                Alpha = _options.HarmAlpha,
                Alternative = AlternativeHypothesis.Greater,
                MinSamplesPerArm = _options.MinSamplesPerArm,
            }),
        };
        state.History.Add(new RolloutHistoryEntry(now, "Start", state.CanaryPercent, $"Canary {canaryVersion} started at {state.CanaryPercent}% beside {stableVersion}."));
        return state;
    }

    /// <inheritdoc />
    public CanaryDecision Evaluate(CanaryState state, ReleaseObservations delta)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(delta);
        if (state.Status is CanaryStatus.RolledBack or CanaryStatus.Promoted)
        {
            return Decide(state, CanaryAction.Continue, $"The canary has ended ({state.Status}); there is nothing to evaluate.");
        }

        state.Step.Merge(delta);
        state.Total.Merge(delta);
        var stable = state.Total.Control;
        var canary = state.Total.Candidate;
        var share = state.CanaryPercent / 100.0;

        // 1. A version that fails outright must not wait for a test to gather evidence.
        var canaryErrorRate = canary.ErrorEvents().Rate;
        if (canary.Requests >= _options.HardGuardMinRequests && canaryErrorRate > _options.HardGuardErrorRate)
        {
            return Apply(state, CanaryAction.Rollback, $"Hard guard: canary error rate {canaryErrorRate:P2} ({canary.Errors} of {canary.Requests} requests) exceeds {_options.HardGuardErrorRate:P1}.");
        }

        // 2. With a broken split the count tests compare against the wrong share, so they stop until an operator resumes.
        if (state.Status != CanaryStatus.Frozen)
        {
            var split = state.SampleRatioTest.Update(delta.Candidate.Requests, delta.Control.Requests, share);
            if (split.Reject)
            {
                return Apply(state, CanaryAction.Freeze, $"Sample-ratio mismatch: the canary should get {state.CanaryPercent}% of requests. {split.Describe("requests")}. Promotion is blocked; check the router's split, then resume.");
            }
        }

        // 3. Harm, each test one-sided at HarmAlpha. The latency mSPRT compares means, which a broken split does not bias.
        var stratified = StratifiedLogLatency.Of(state);
        var latency = state.LatencyTest.Update(stratified.Difference, stratified.Variance, stratified.ControlCount, stratified.CandidateCount);
        if (latency.Reject)
        {
            return Apply(state, CanaryAction.Rollback, $"Latency harm: the canary is slower. {latency.Describe("mean log-latency")}.");
        }

        CountTestResult? errors = null;
        CountTestResult? slow = null;
        if (state.Status != CanaryStatus.Frozen)
        {
            errors = state.ErrorTest.Update(delta.Candidate.Errors, delta.Control.Errors, share);
            if (errors.Reject)
            {
                return Apply(state, CanaryAction.Rollback, $"Error harm: failed requests are over-represented in the canary (error count test). {errors.Describe("errors")}; error rates {canaryErrorRate:P2} canary vs {stable.ErrorEvents().Rate:P2} stable.");
            }

            slow = state.SlowTest.Update(delta.Candidate.SlowRequests, delta.Control.SlowRequests, share);
            if (slow.Reject)
            {
                return Apply(state, CanaryAction.Rollback, $"Latency harm: slow requests are over-represented in the canary (slow-request count test). {slow.Describe("slow requests")}.");
            }
        }

        if (state.Status != CanaryStatus.Running)
        {
            return Decide(state, CanaryAction.Continue, $"The canary is {state.Status}: observing and guarding, not advancing.");
        }

        return DecideStep(state, errors, slow, latency);
    }

    private CountTestSettings CountSettings(double alpha, AlternativeHypothesis alternative) =>
        new() { Alpha = alpha, Concentration = _options.CountTestConcentration, Alternative = alternative };
}
