namespace ServingFabric.Traffic.Statistics;

/// <summary>
/// Anytime-valid test that events fall into the treatment arm at its traffic share ρ0. Under the null each event
/// lands in the treatment with probability ρ0 whatever the traffic does over time, and the Beta-binomial Bayes
/// factor is a test martingale, so by Ville's inequality it may be checked after every event.
/// Lindon and Malek, "Anytime-Valid Inference for Multinomial Count Data", NeurIPS 2022.
/// </summary>
public static class CountTest
{
    /// <summary>
    /// ln BF = lnB(a+k, b+n-k) - lnB(a, b) - k·ln ρ0 - (n-k)·ln(1-ρ0), with a = c·ρ0 and b = c·(1-ρ0):
    /// the evidence that <paramref name="treatmentEvents"/> of <paramref name="totalEvents"/> events did not fall at share ρ0.
    /// </summary>
    public static double LogBayesFactor(long treatmentEvents, long totalEvents, double share, double concentration)
    {
        if (totalEvents < 0 || treatmentEvents < 0 || treatmentEvents > totalEvents)
        {
            throw new ArgumentOutOfRangeException(nameof(treatmentEvents), $"Need 0 ≤ treatment events ≤ total events; got {treatmentEvents} of {totalEvents}.");
        }

        if (!(share is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The treatment's traffic share must lie strictly between 0 and 1; a test needs traffic in both arms.");
        }

        if (totalEvents == 0)
        {
            return 0.0;
        }

        var a = concentration * share;
        var b = concentration * (1.0 - share);
        var k = (double)treatmentEvents;
        var rest = (double)(totalEvents - treatmentEvents);
        return SpecialFunctions.BetaLn(a + k, b + rest) - SpecialFunctions.BetaLn(a, b) - (k * Math.Log(share)) - (rest * Math.Log(1.0 - share));
    }
}
