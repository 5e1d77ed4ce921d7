namespace ServingFabric.Traffic.Statistics;

/// <summary>
/// Non-inferiority from an always-valid confidence interval on (treatment - control) of a metric where higher is
/// worse (errors, latency): the treatment is non-inferior once the whole interval lies below the margin. Because
/// the interval is always valid (Johari, Pekelis and Walsh, "Always Valid Inference", 2022), the check may be
/// repeated at every look without inflating the chance of passing a worse version.
/// </summary>
public static class NonInferiority
{
    /// <summary>Compares the interval's upper bound with <paramref name="margin"/>.</summary>
    public static NonInferiorityResult Evaluate(string metric, ConfidenceInterval interval, double margin)
    {
        var upper = interval.Upper;
        return upper < margin
            ? new NonInferiorityResult(true, $"{metric} non-inferior: upper bound {upper:0.#####} < margin {margin:0.#####} (CI {interval})")
            : new NonInferiorityResult(false, $"{metric} not yet non-inferior: upper bound {upper:0.#####} ≥ margin {margin:0.#####} (CI {interval})");
    }
}
