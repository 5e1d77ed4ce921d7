using System.Globalization;
using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>Step advancement: minimum sample and time, then non-inferiority by always-valid intervals.</summary>
public sealed partial class CanaryPolicy
{
    private CanaryDecision DecideStep(CanaryState state, CountTestResult? errors, CountTestResult? slow, MsprtResult latency)
    {
        var now = _time.GetUtcNow();
        var step = state.Step;
        var elapsed = now - state.StepStartedAt;
        var waiting = new List<string>();
        if (step.Control.Requests < _options.MinRequestsPerArmPerStep || step.Candidate.Requests < _options.MinRequestsPerArmPerStep)
        {
            waiting.Add($"requests at this step {step.Control.Requests} stable / {step.Candidate.Requests} canary, need {_options.MinRequestsPerArmPerStep} each");
        }

        if (elapsed < _options.MinStepDuration)
        {
            waiting.Add($"{elapsed.TotalSeconds:0} s of {_options.MinStepDuration.TotalSeconds:0} s at this step");
        }

        var errorRate = NonInferiority.Evaluate("error-rate difference", ErrorRateInterval(state.Total), _options.ErrorRateMargin);
        var logLatency = NonInferiority.Evaluate("log-latency difference", LogLatencyInterval(StratifiedLogLatency.Of(state)), _options.LogLatencyMargin);
        foreach (var check in new[] { errorRate, logLatency }.Where(c => !c.IsNonInferior))
        {
            waiting.Add(check.Reason);
        }

        if (waiting.Count > 0)
        {
            return Decide(state, CanaryAction.Continue, $"Holding at {state.CanaryPercent}%: {string.Join("; ", waiting)}.");
        }

        var evidence = string.Join(
            "; ",
            errorRate.Reason,
            logLatency.Reason,
            $"no harm (errors p = {Format(errors?.PValue)}, slow requests p = {Format(slow?.PValue)}, latency p = {latency.PValue:G3})",
            $"{step.Control.Requests} stable / {step.Candidate.Requests} canary requests in {elapsed.TotalSeconds:0} s");
        var next = state.StepIndex + 1;
        if (next >= _options.Steps.Length || _options.Steps[next] >= 100)
        {
            return Apply(state, CanaryAction.Promote, $"Step {state.CanaryPercent}% passed, the last before 100%: {evidence}. Promoting {state.CanaryVersion}.");
        }

        return Apply(state, CanaryAction.Advance, $"Step {state.CanaryPercent}% passed: {evidence}. Advancing to {_options.Steps[next]}%.");
    }

    private ConfidenceInterval ErrorRateInterval(ReleaseObservations total)
    {
        var stable = total.Control.ErrorEvents();
        var canary = total.Candidate.ErrorEvents();
        return BurnedIn(stable.Count, canary.Count)
            ? Msprt.ConfidenceSequence(canary.Rate - stable.Rate, Msprt.VarianceOfDifference(stable, canary), _options.ErrorRateTau, _options.NonInferiorityAlpha)
            : ConfidenceInterval.Unbounded;
    }

    private ConfidenceInterval LogLatencyInterval(StratifiedLogLatency latency) =>
        BurnedIn(latency.ControlCount, latency.CandidateCount) && double.IsFinite(latency.Variance)
            ? Msprt.ConfidenceSequence(latency.Difference, latency.Variance, _options.LatencyTau, _options.NonInferiorityAlpha)
            : ConfidenceInterval.Unbounded;

    private bool BurnedIn(long control, long candidate) => control >= _options.MinSamplesPerArm && candidate >= _options.MinSamplesPerArm;

    private static string Format(double? pValue) => pValue?.ToString("G3", CultureInfo.InvariantCulture) ?? "n/a (frozen)";
}
