namespace ServingFabric.Traffic.Tests.Statistics;

/// <summary>Pass marks for simulations: the nominal rate plus two binomial standard errors.</summary>
internal static class SimulationBounds
{
    public static double FalsePositiveLimit(double alpha, int runs) => alpha + (2.0 * Math.Sqrt(alpha * (1.0 - alpha) / runs));

    public static double Median(List<long> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2.0;
    }
}
