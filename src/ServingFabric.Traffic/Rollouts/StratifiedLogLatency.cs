using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// The canary's mean log-latency minus the stable version's, estimated within each step and combined with
/// inverse-variance weights (a stratified estimate). Both arms of a step ran at the same time on the same machines, so
/// a drift in machine speed between steps cancels out; pooled means would not, because the canary's share grows from
/// step to step. With a single step this is exactly the plain difference of means and its variance.
/// </summary>
/// <param name="Difference">Combined difference (canary − stable); 0 when no step has two samples in each arm.</param>
/// <param name="Variance">Its variance; +∞ when no step has two samples in each arm.</param>
/// <param name="ControlCount">Stable samples over the steps used.</param>
/// <param name="CandidateCount">Canary samples over the steps used.</param>
public readonly record struct StratifiedLogLatency(double Difference, double Variance, long ControlCount, long CandidateCount)
{
    /// <summary>Combines the finished steps and the current one.</summary>
    public static StratifiedLogLatency Of(CanaryState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Combine([.. state.CompletedSteps, state.Step]);
    }

    /// <summary>Combines the given strata; a stratum with fewer than two samples in an arm, or no spread, is skipped.</summary>
    public static StratifiedLogLatency Combine(IReadOnlyList<ReleaseObservations> strata)
    {
        ArgumentNullException.ThrowIfNull(strata);
        double weightedSum = 0, totalWeight = 0;
        long control = 0, candidate = 0;
        foreach (var stratum in strata)
        {
            var stable = stratum.Control.LogLatency;
            var canary = stratum.Candidate.LogLatency;
            var variance = Msprt.VarianceOfDifference(stable, canary);
            if (!double.IsFinite(variance) || variance <= 0)
            {
                continue;
            }

            weightedSum += (canary.Mean - stable.Mean) / variance;
            totalWeight += 1 / variance;
            control += stable.Count;
            candidate += canary.Count;
        }

        return totalWeight > 0
            ? new StratifiedLogLatency(weightedSum / totalWeight, 1 / totalWeight, control, candidate)
            : new StratifiedLogLatency(0, double.PositiveInfinity, control, candidate);
    }
}
