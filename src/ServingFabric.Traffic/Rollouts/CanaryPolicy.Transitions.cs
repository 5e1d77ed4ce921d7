using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>Operator commands and the bookkeeping every decision shares.</summary>
public sealed partial class CanaryPolicy
{
    /// <inheritdoc />
    public CanaryDecision Pause(CanaryState state, string reason)
    {
        Require(state, "pause", CanaryStatus.Running);
        return Apply(state, CanaryAction.Pause, $"Paused by operator: {reason}");
    }

    /// <inheritdoc />
    public CanaryDecision Resume(CanaryState state, string reason)
    {
        Require(state, "resume", CanaryStatus.Paused, CanaryStatus.Frozen);
        if (state.Status == CanaryStatus.Frozen)
        {
            // The operator says the split is fixed: judge the split afresh from now on.
            state.SampleRatioTest = new CountTestMonitor(state.SampleRatioTest.Settings);
        }

        return Apply(state, CanaryAction.Resume, $"Resumed by operator: {reason}");
    }

    /// <inheritdoc />
    public CanaryDecision Promote(CanaryState state, string reason)
    {
        Require(state, "promote", CanaryStatus.Running, CanaryStatus.Paused, CanaryStatus.Frozen);
        return Apply(state, CanaryAction.Promote, $"Promoted by operator: {reason}");
    }

    /// <inheritdoc />
    public CanaryDecision Abort(CanaryState state, string reason)
    {
        Require(state, "abort", CanaryStatus.Running, CanaryStatus.Paused, CanaryStatus.Frozen);
        return Apply(state, CanaryAction.Rollback, $"Aborted by operator: {reason}");
    }

    private static void Require(CanaryState state, string command, params CanaryStatus[] allowed)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!allowed.Contains(state.Status))
        {
            throw new InvalidOperationException($"Cannot {command} canary {state.CanaryVersion}: it is {state.Status}; {command} needs {string.Join(" or ", allowed)}.");
        }
    }

    private static CanaryDecision Decide(CanaryState state, CanaryAction action, string reason) =>
        new(action, state.StepIndex, state.CanaryPercent, reason);

    private CanaryDecision Apply(CanaryState state, CanaryAction action, string reason)
    {
        var now = _time.GetUtcNow();
        switch (action)
        {
            case CanaryAction.Advance:
                state.StepIndex++;
                state.CanaryPercent = _options.Steps[state.StepIndex];
                state.StepStartedAt = now;
                state.CompletedSteps.Add(state.Step);
                state.Step = new ReleaseObservations();
                break;
            case CanaryAction.Promote:
                state.StepIndex = _options.Steps.Length - 1;
                state.CanaryPercent = 100;
                state.Status = CanaryStatus.Promoted;
                break;
            case CanaryAction.Rollback:
                state.CanaryPercent = 0;
                state.Status = CanaryStatus.RolledBack;
                break;
            case CanaryAction.Freeze:
                state.Status = CanaryStatus.Frozen;
                break;
            case CanaryAction.Pause:
                state.Status = CanaryStatus.Paused;
                break;
            case CanaryAction.Resume:
                state.Status = CanaryStatus.Running;
                break;
        }

        state.History.Add(new RolloutHistoryEntry(now, action.ToString(), state.CanaryPercent, reason));
        return Decide(state, action, reason);
    }
}
