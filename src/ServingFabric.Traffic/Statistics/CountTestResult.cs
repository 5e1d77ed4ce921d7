namespace ServingFabric.Traffic.Statistics;

/// <summary>The state of a count test after the latest look.</summary>
/// <param name="LogBayesFactor">ln of the product of the Bayes factors of every traffic-share segment.</param>
/// <param name="PValue">Always-valid p-value: running minimum of 1/BF over looks in the alternative's direction.</param>
/// <param name="TreatmentEvents">Events in the treatment arm (all segments).</param>
/// <param name="TotalEvents">Events in both arms (all segments).</param>
/// <param name="ExpectedTreatmentEvents">Treatment events expected under the null: Σ ρ0·n over segments.</param>
/// <param name="Reject">Whether the null hypothesis is rejected (p ≤ α).</param>
/// <param name="Alpha">The test's α.</param>
public sealed record CountTestResult(
    double LogBayesFactor,
    double PValue,
    long TreatmentEvents,
    long TotalEvents,
    double ExpectedTreatmentEvents,
    bool Reject,
    double Alpha)
{
    /// <summary>One line with the numbers, for decision reasons and logs.</summary>
    public string Describe(string what) =>
        $"{what}: {TreatmentEvents} of {TotalEvents} in the treatment (expected {ExpectedTreatmentEvents:0.#}), ln BF = {LogBayesFactor:0.##} (threshold ln(1/α) = {Math.Log(1.0 / Alpha):0.##}), p = {PValue:G3}";
}
