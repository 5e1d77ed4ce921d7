namespace ServingFabric.Traffic.Statistics;

/// <summary>
/// The normal-mixture sequential probability ratio test on a difference of means, whose p-values and confidence
/// intervals stay valid however often they are looked at. Johari, Koomen, Pekelis and Walsh, "Peeking at A/B
/// Tests", KDD 2017; Johari, Pekelis and Walsh, "Always Valid Inference", Operations Research 70(3), 2022.
/// </summary>
public static class Msprt
{
    /// <summary>ln Λ = ½·ln(V/(V+τ²)) + τ²·(D-θ0)² / (2·V·(V+τ²)); 0 when V is not positive (no evidence).</summary>
    public static double LogLikelihoodRatio(double difference, double variance, double theta0, double tau)
    {
        if (!(variance > 0) || double.IsInfinity(variance))
        {
            return 0.0;
        }

        var tau2 = tau * tau;
        var shift = difference - theta0;
        return (0.5 * Math.Log(variance / (variance + tau2))) + (tau2 * shift * shift / (2.0 * variance * (variance + tau2)));
    }

    /// <summary>
    /// D ± sqrt(V·(V+τ²)/τ² · (2·ln(1/α) + ln((V+τ²)/V))): the differences that the test at level α would not
    /// reject, so it covers the true difference at all times with probability at least 1 - α.
    /// </summary>
    public static ConfidenceInterval ConfidenceSequence(double difference, double variance, double tau, double alpha)
    {
        if (!(variance > 0) || double.IsInfinity(variance))
        {
            return ConfidenceInterval.Unbounded;
        }

        var tau2 = tau * tau;
        var radius = Math.Sqrt(variance * (variance + tau2) / tau2 * ((2.0 * Math.Log(1.0 / alpha)) + Math.Log((variance + tau2) / variance)));
        return new ConfidenceInterval(difference - radius, difference + radius);
    }

    /// <summary>V for two means: s²_c/n_c + s²_t/n_t.</summary>
    public static double VarianceOfDifference(MeanAccumulator control, MeanAccumulator treatment)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(treatment);
        return control.Count < 2 || treatment.Count < 2
            ? double.PositiveInfinity
            : (control.Variance / control.Count) + (treatment.Variance / treatment.Count);
    }

    /// <summary>
    /// V for two proportions with s² = p(1-p). p is shrunk by half an event each way, because with no events yet
    /// (error rates often start at 0) the plug-in variance is 0 and a handful of requests would look conclusive.
    /// </summary>
    public static double VarianceOfDifference(EventAccumulator control, EventAccumulator treatment)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(treatment);
        return control.Count < 2 || treatment.Count < 2
            ? double.PositiveInfinity
            : ProportionVariance(control) + ProportionVariance(treatment);
    }

    /// <summary>One look at the test for two means.</summary>
    public static MsprtResult Test(MeanAccumulator control, MeanAccumulator treatment, MsprtSettings settings, double previousPValue = 1.0)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(treatment);
        return Test(treatment.Mean - control.Mean, VarianceOfDifference(control, treatment), control.Count, treatment.Count, settings, previousPValue);
    }

    /// <summary>One look at the test for two proportions (events / count).</summary>
    public static MsprtResult Test(EventAccumulator control, EventAccumulator treatment, MsprtSettings settings, double previousPValue = 1.0)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(treatment);
        return Test(treatment.Rate - control.Rate, VarianceOfDifference(control, treatment), control.Count, treatment.Count, settings, previousPValue);
    }

    /// <summary>
    /// One look at the test from D and V. <paramref name="previousPValue"/> is the p-value after the last look
    /// (1 at the start); the result's p-value is the running minimum.
    /// </summary>
    public static MsprtResult Test(double difference, double variance, long controlCount, long treatmentCount, MsprtSettings settings, double previousPValue = 1.0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var burnedIn = controlCount >= settings.MinSamplesPerArm && treatmentCount >= settings.MinSamplesPerArm;
        if (!burnedIn)
        {
            return new MsprtResult(difference, variance, 0.0, previousPValue, ConfidenceInterval.Unbounded, previousPValue <= settings.Alpha, false, controlCount, treatmentCount, settings.Alpha);
        }

        var logLambda = LogLikelihoodRatio(difference, variance, settings.Theta0, settings.Tau);
        var shift = difference - settings.Theta0;

        // A one-sided test uses the two-sided mixture but only counts looks in its own direction. Its rejections
        // are a subset of the two-sided test's, so Ville's bound α still holds (conservative, never inflated).
        var inDirection = settings.Alternative switch
        {
            AlternativeHypothesis.Greater => shift > 0,
            AlternativeHypothesis.Less => shift < 0,
            _ => true,
        };
        var pValue = inDirection ? Math.Min(previousPValue, Math.Exp(-logLambda)) : previousPValue;
        var interval = ConfidenceSequence(difference, variance, settings.Tau, settings.Alpha);
        return new MsprtResult(difference, variance, logLambda, pValue, interval, pValue <= settings.Alpha, true, controlCount, treatmentCount, settings.Alpha);
    }

    private static double ProportionVariance(EventAccumulator arm)
    {
        var p = (arm.Events + 0.5) / (arm.Count + 1.0);
        return p * (1.0 - p) / arm.Count;
    }
}
