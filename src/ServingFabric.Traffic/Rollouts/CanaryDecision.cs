namespace ServingFabric.Traffic.Rollouts;

/// <summary>The outcome of one canary evaluation or operator command.</summary>
/// <param name="Action">What to do.</param>
/// <param name="StepIndex">The step the canary is at after the decision.</param>
/// <param name="CandidatePercent">The canary's traffic share after the decision, in percent (0 after rollback, 100 after promotion).</param>
/// <param name="Reason">Why, in words and numbers (p-values, intervals, counts).</param>
public sealed record CanaryDecision(CanaryAction Action, int StepIndex, double CandidatePercent, string Reason)
{
    /// <summary>Whether the decision changes the traffic split.</summary>
    public bool ChangesTraffic => Action is CanaryAction.Advance or CanaryAction.Promote or CanaryAction.Rollback;
}
