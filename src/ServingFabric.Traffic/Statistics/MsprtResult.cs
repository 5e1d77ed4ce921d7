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
[GenerateSerializer, Immutable, Alias("sf.MsprtResult")]
public sealed record MsprtResult(
    [property: Id(0)] double Difference,
    [property: Id(1)] double Variance,
    [property: Id(2)] double LogLikelihoodRatio,
    [property: Id(3)] double PValue,
    [property: Id(4)] ConfidenceInterval Interval,
    [property: Id(5)] bool Reject,
    [property: Id(6)] bool IsBurnedIn,
    [property: Id(7)] long ControlCount,
    [property: Id(8)] long TreatmentCount,
    [property: Id(9)] double Alpha)
{
    /// <summary>One line with the numbers, for decision reasons and logs.</summary>
    public string Describe(string metric) => IsBurnedIn
        ? $"{metric}: difference {Difference:+0.#####;-0.#####;0} ({1 - Alpha:0.##%} always-valid CI {Interval}), p = {PValue:G3}, n = {ControlCount}/{TreatmentCount}"
        : $"{metric}: burn-in, n = {ControlCount}/{TreatmentCount}";
}
