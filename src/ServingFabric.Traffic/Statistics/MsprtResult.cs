namespace ServingFabric.Traffic.Statistics;

/// <summary>The state of an mSPRT after the latest look.</summary>
/// <param name="Difference">D = mean(treatment) - mean(control).</param>
/// <param name="Variance">V = s²_control / n_control + s²_treatment / n_treatment.</param>
/// <param name="LogLikelihoodRatio">ln Λ of the normal mixture against θ0 (0 before burn-in).</param>
/// <param name="PValue">Always-valid p-value: the running minimum of 1/Λ over looks after burn-in in the alternative's direction.</param>
/// <param name="Interval">Always-valid (1 - α) confidence interval for the difference; unbounded before burn-in.</param>
/// <param name="Reject">Whether the null hypothesis is rejected (p ≤ α).</param>
/// <param name="IsBurnedIn">Whether both arms have the minimum number of observations.</param>
/// <param name="ControlCount">Observations in the control arm.</param>
/// <param name="TreatmentCount">Observations in the treatment arm.</param>
/// <param name="Alpha">The test's α, kept so the reason can name the confidence level.</param>
public sealed record MsprtResult(
    double Difference,
    double Variance,
    double LogLikelihoodRatio,
    double PValue,
    ConfidenceInterval Interval,
    bool Reject,
    bool IsBurnedIn,
    long ControlCount,
    long TreatmentCount,
    double Alpha)
{
    /// <summary>One line with the numbers, for decision reasons and logs.</summary>
    public string Describe(string metric) => IsBurnedIn
        ? $"{metric}: difference {Difference:+0.#####;-0.#####;0} ({1 - Alpha:0.##%} always-valid CI {Interval}), p = {PValue:G3}, n = {ControlCount}/{TreatmentCount}"
        : $"{metric}: burn-in, n = {ControlCount}/{TreatmentCount}";
}
