using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>Operator commands on an A/B test.</summary>
public sealed partial class AbTestPolicy
{
    /// <inheritdoc />
    public AbDecision Promote(AbTestState state, string reason)
    {
        Require(state, "promote", AbTestStatus.Running, AbTestStatus.Frozen);
        var primary = state.PrimaryTest.Last;
        if (primary is null || !state.PrimaryTest.Rejected)
        {
            var p = primary?.PValue ?? 1.0;
            throw new InvalidOperationException(
                $"No arm of the A/B test {state.ControlVersion} vs {state.TreatmentVersion} is significantly better yet (p = {p:G3}, α = {state.PrimaryTest.Settings.Alpha}); wait for more traffic, or abort to keep {state.ControlVersion}.");
        }

        var treatmentBetter = _options.PrimaryMetric == AbMetric.Reward ? primary.Difference > 0 : primary.Difference < 0;
        var winner = treatmentBetter ? state.TreatmentVersion : state.ControlVersion;
        return Record(state, AbAction.Winner, winner, $"Promoted by operator: {reason}. {primary.Describe(_options.PrimaryMetric.ToString())}.");
    }

    /// <inheritdoc />
    public AbDecision Abort(AbTestState state, string reason)
    {
        Require(state, "abort", AbTestStatus.Running, AbTestStatus.Frozen);
        state.Status = AbTestStatus.Concluded;
        state.Winner = null;
        var why = $"Aborted by operator: {reason}. Keeping {state.ControlVersion}.";
        state.History.Add(new RolloutHistoryEntry(_time.GetUtcNow(), "Abort", state.TreatmentPercent, why));
        return new AbDecision(AbAction.Inconclusive, state.ControlVersion, why);
    }

    /// <inheritdoc />
    public AbDecision Resume(AbTestState state, string reason)
    {
        Require(state, "resume", AbTestStatus.Frozen);

        // The operator says the split is fixed: judge it afresh from now on.
        state.SampleRatioTest = new CountTestMonitor(state.SampleRatioTest.Settings);
        state.Status = AbTestStatus.Running;
        var why = $"Resumed by operator: {reason}";
        state.History.Add(new RolloutHistoryEntry(_time.GetUtcNow(), "Resume", state.TreatmentPercent, why));
        return new AbDecision(AbAction.Continue, null, why);
    }

    private static void Require(AbTestState state, string command, params AbTestStatus[] allowed)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!allowed.Contains(state.Status))
        {
            throw new InvalidOperationException($"Cannot {command} the A/B test {state.ControlVersion} vs {state.TreatmentVersion}: it is {state.Status}; {command} needs {string.Join(" or ", allowed)}.");
        }
    }
}
