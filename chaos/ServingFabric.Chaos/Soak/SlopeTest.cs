namespace ServingFabric.Chaos.Soak;

/// <summary>
/// Least-squares line through (hours, value) with a 95 % confidence interval on its slope. Growth is "steady" when
/// the slope is above the threshold and the whole interval is above zero: noise and a single step do not fail it.
/// </summary>
internal sealed record SlopeTest(string Silo, string Metric, string Unit, int Points, double SlopePerHour, double Low, double High, double Threshold)
{
    public bool Fails => SlopePerHour > Threshold && Low > 0;

    public static SlopeTest Fit(string silo, string metric, string unit, IReadOnlyList<(double Hours, double Value)> points, double threshold)
    {
        var n = points.Count;
        if (n < 3)
        {
            return new SlopeTest(silo, metric, unit, n, 0, double.NegativeInfinity, double.PositiveInfinity, threshold);
        }

        var meanX = points.Average(p => p.Hours);
        var meanY = points.Average(p => p.Value);
        var sxx = points.Sum(p => (p.Hours - meanX) * (p.Hours - meanX));
        var sxy = points.Sum(p => (p.Hours - meanX) * (p.Value - meanY));
        var slope = sxx == 0 ? 0 : sxy / sxx;
        var intercept = meanY - (slope * meanX);
        var residual = points.Sum(p => Math.Pow(p.Value - (intercept + (slope * p.Hours)), 2));
        var standardError = sxx == 0 ? double.PositiveInfinity : Math.Sqrt(residual / (n - 2) / sxx);
        var half = StudentT975(n - 2) * standardError;
        return new SlopeTest(silo, metric, unit, n, Math.Round(slope, 2), Math.Round(slope - half, 2), Math.Round(slope + half, 2), threshold);
    }

    /// <summary>The 97.5 % quantile of Student's t (two-sided 95 %): exact for small df from the table, Cornish-Fisher beyond.</summary>
    public static double StudentT975(int df)
    {
        double[] table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131];
        if (df <= table.Length)
        {
            return table[Math.Max(df, 1) - 1];
        }

        const double z = 1.959964;
        return z + ((z * z * z) + z) / (4 * df) + ((5 * Math.Pow(z, 5)) + (16 * z * z * z) + (3 * z)) / (96 * df * df);
    }
}
