using System.Globalization;

namespace ServingFabric.Perf.Measurement;

/// <summary>
/// A target ratio measured over several pairs of runs: its median, so that one run that a noisy machine slowed or sped
/// up cannot decide the result, and the ratios themselves for the report.
/// </summary>
internal sealed record RepeatedRatio(IReadOnlyList<double> Ratios)
{
    public double Median
    {
        get
        {
            var sorted = Ratios.Order().ToList();
            var middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    /// <summary>For example <c>median of 3 pairs (3.10x, 4.02x, 3.64x)</c>.</summary>
    public string Describe() =>
        $"median of {Ratios.Count} pairs ({string.Join(", ", Ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture) + "x"))})";
}
