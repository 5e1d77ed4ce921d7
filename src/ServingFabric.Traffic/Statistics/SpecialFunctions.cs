namespace ServingFabric.Traffic.Statistics;

/// <summary>
/// ln Γ and ln B, written here so the statistics need no numerics package.
/// Lanczos approximation with g = 7, n = 9 (coefficients from Godfrey, as printed in Press et al.,
/// "Numerical Recipes", 3rd ed., §6.1), relative error about 1e-15 for x ≥ 0.5; smaller x use the
/// reflection formula Γ(x)Γ(1-x) = π / sin(πx).
/// </summary>
internal static class SpecialFunctions
{
    private const double G = 7.0;

    // ½·ln(2π)
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    private static readonly double[] Coefficients =
    [
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln |Γ(x)|; +∞ at the poles x = 0, -1, -2, ….</summary>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= 0 && Math.Floor(x) == x)
        {
            return double.PositiveInfinity;
        }

        if (x < 0.5)
        {
            // Lanczos loses accuracy below ½; the reflection formula moves the argument above it.
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1.0 - x);
        }

        x -= 1.0;
        var sum = Coefficients[0];
        for (var i = 1; i < Coefficients.Length; i++)
        {
            sum += Coefficients[i] / (x + i);
        }

        var t = x + G + 0.5;
        return HalfLogTwoPi + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for a, b &gt; 0.</summary>
    public static double BetaLn(double a, double b)
    {
        if (a <= 0 || b <= 0)
        {
            throw new ArgumentOutOfRangeException(a <= 0 ? nameof(a) : nameof(b), "Both Beta parameters must be positive.");
        }

        return LogGamma(a) + LogGamma(b) - LogGamma(a + b);
    }
}
