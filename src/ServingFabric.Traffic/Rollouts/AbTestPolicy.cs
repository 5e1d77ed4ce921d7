using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// The default A/B policy: a two-sided mSPRT on the primary metric, so the test may be checked after every flush
/// and stopped as soon as one arm is better (Johari, Koomen, Pekelis and Walsh, "Peeking at A/B Tests", KDD 2017);
/// a winning treatment must also be non-inferior on errors and latency; a sample-ratio gate (Lindon and Malek,
/// NeurIPS 2022) blocks any verdict on a broken split; a sample cap ends the test inconclusive, keeping control.
/// </summary>
public sealed partial class AbTestPolicy : IAbTestPolicy
{
    private readonly AbTestOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the policy; throws if an option is out of range.</summary>
    public AbTestPolicy(AbTestOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        AbTestOptionsValidator.Validate(options);
        _options = options;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public AbTestState Start(string controlVersion, string treatmentVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(controlVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(treatmentVersion);
        var now = _time.GetUtcNow();
        var state = new AbTestState
        {
            ControlVersion = controlVersion,
            TreatmentVersion = treatmentVersion,
            TreatmentPercent = _options.TreatmentPercent,
            Status = AbTestStatus.Running,
            StartedAt = now,
            PrimaryTest = new MsprtMonitor(new MsprtSettings
            {
                Tau = PrimaryTau(),
                Alpha = _options.Alpha,
                Alternative = AlternativeHypothesis.TwoSided,
                MinSamplesPerArm = _options.MinSamplesPerArm,
            }),
            SampleRatioTest = new CountTestMonitor(new CountTestSettings
            {
                Alpha = _options.SampleRatioAlpha,
                Concentration = _options.CountTestConcentration,
                Alternative = AlternativeHypothesis.TwoSided,
            }),
        };
        state.History.Add(new RolloutHistoryEntry(now, "Start", state.TreatmentPercent, $"A/B test {controlVersion} (A) vs {treatmentVersion} (B) on {_options.PrimaryMetric}, B at {state.TreatmentPercent}%."));
        return state;
    }

    /// <inheritdoc />
    public AbDecision Evaluate(AbTestState state, ReleaseObservations delta)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(delta);
        if (state.Status == AbTestStatus.Concluded)
        {
            return new AbDecision(AbAction.Continue, null, $"The test has concluded (winner: {state.Winner ?? "none"}); there is nothing to evaluate.");
        }

        state.Total.Merge(delta);
        if (state.Status == AbTestStatus.Running)
        {
            var split = state.SampleRatioTest.Update(delta.Candidate.Requests, delta.Control.Requests, state.TreatmentPercent / 100.0);
            if (split.Reject)
            {
                return Record(state, AbAction.Freeze, null, $"Sample-ratio mismatch: B should get {state.TreatmentPercent}% of requests. {split.Describe("requests")}. No verdict on a broken split; check the router.");
            }
        }

        var primary = UpdatePrimary(state);
        var control = state.Total.Control;
        var treatment = state.Total.Candidate;
        var capReached = Math.Max(control.Requests, treatment.Requests) >= _options.MaxSamplesPerArm;
        var metric = _options.PrimaryMetric.ToString();
        if (primary.Reject && state.Status == AbTestStatus.Running)
        {
            var elapsed = _time.GetUtcNow() - state.StartedAt;
            if (elapsed < _options.MinimumDuration)
            {
                return new AbDecision(AbAction.Continue, null, $"Significant, but only {elapsed.TotalMinutes:0.#} of {_options.MinimumDuration.TotalMinutes:0.#} minutes have passed. {primary.Describe(metric)}.");
            }

            var treatmentBetter = _options.PrimaryMetric == AbMetric.Reward ? primary.Difference > 0 : primary.Difference < 0;
            if (!treatmentBetter)
            {
                return Record(state, AbAction.Winner, state.ControlVersion, $"A ({state.ControlVersion}) is better. {primary.Describe(metric)}.");
            }

            var guardrails = Guardrails(state.Total);
            if (guardrails.All(g => g.IsNonInferior))
            {
                return Record(state, AbAction.Winner, state.TreatmentVersion, $"B ({state.TreatmentVersion}) is better. {primary.Describe(metric)}; {string.Join("; ", guardrails.Select(g => g.Reason))}.");
            }

            if (!capReached)
            {
                return new AbDecision(AbAction.Continue, null, $"B is better on {metric} but the guardrails are not yet shown: {string.Join("; ", guardrails.Where(g => !g.IsNonInferior).Select(g => g.Reason))}.");
            }
        }

        if (capReached)
        {
            return Record(state, AbAction.Inconclusive, state.ControlVersion, $"No winner within {_options.MaxSamplesPerArm} requests per arm ({control.Requests} A / {treatment.Requests} B); keeping {state.ControlVersion}. {primary.Describe(metric)}.");
        }

        return new AbDecision(AbAction.Continue, null, state.Status == AbTestStatus.Frozen
            ? $"Frozen by a sample-ratio mismatch: observing, declaring nothing. {primary.Describe(metric)}."
            : $"No winner yet. {primary.Describe(metric)}.");
    }

    private MsprtResult UpdatePrimary(AbTestState state)
    {
        var control = state.Total.Control;
        var treatment = state.Total.Candidate;
        return _options.PrimaryMetric switch
        {
            AbMetric.Latency => state.PrimaryTest.Update(control.LogLatency, treatment.LogLatency),
            AbMetric.Errors => state.PrimaryTest.Update(control.ErrorEvents(), treatment.ErrorEvents()),
            _ => state.PrimaryTest.Update(control.Reward, treatment.Reward),
        };
    }

    private NonInferiorityResult[] Guardrails(ReleaseObservations total)
    {
        var controlErrors = total.Control.ErrorEvents();
        var treatmentErrors = total.Candidate.ErrorEvents();
        var errorInterval = Msprt.ConfidenceSequence(treatmentErrors.Rate - controlErrors.Rate, Msprt.VarianceOfDifference(controlErrors, treatmentErrors), _options.ErrorRateTau, _options.GuardrailAlpha);
        var controlLatency = total.Control.LogLatency;
        var treatmentLatency = total.Candidate.LogLatency;
        var latencyInterval = Msprt.ConfidenceSequence(treatmentLatency.Mean - controlLatency.Mean, Msprt.VarianceOfDifference(controlLatency, treatmentLatency), _options.LatencyTau, _options.GuardrailAlpha);
        return
        [
            NonInferiority.Evaluate("error-rate difference", errorInterval, _options.ErrorRateMargin),
            NonInferiority.Evaluate("log-latency difference", latencyInterval, _options.LogLatencyMargin),
        ];
    }

    private double PrimaryTau() => _options.PrimaryMetric switch
    {
        AbMetric.Latency => _options.LatencyTau,
        AbMetric.Errors => _options.ErrorRateTau,
        _ => _options.RewardTau,
    };

    private AbDecision Record(AbTestState state, AbAction action, string? winner, string reason)
    {
        if (action == AbAction.Freeze)
        {
            state.Status = AbTestStatus.Frozen;
        }
        else
        {
            state.Status = AbTestStatus.Concluded;
            state.Winner = action == AbAction.Winner ? winner : null;
        }

        state.History.Add(new RolloutHistoryEntry(_time.GetUtcNow(), action.ToString(), state.TreatmentPercent, reason));
        return new AbDecision(action, winner, reason);
    }
}
