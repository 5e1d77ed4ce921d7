using System.Globalization;

namespace ServingFabric.Perf.Measurement;

/// <summary>
/// A target's figure (a ratio, or the latency a path adds) measured over several pairs of runs: its median, so that one
/// run that a noisy machine slowed or sped up cannot decide the result, and the figures themselves for the report.
/// </summary>
internal sealed record RepeatedFigure(IReadOnlyList<double> Values, string Unit = "x")
{
    public double Median
    {
        get
        {
            var sorted = Values.Order().ToList();
            var middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    /// <summary>For example <c>median of 3 pairs (3.10x, 4.02x, 3.64x)</c> or <c>median of 3 pairs (0.301 ms, …)</c>.</summary>
    public string Describe() =>
        $"median of {Values.Count} pairs ({string.Join(", ", Values.Select(Format))})";

    private string Format(double value) =>
        Unit == "x" ? value.ToString("0.00", CultureInfo.InvariantCulture) + "x" : value.ToString("0.000", CultureInfo.InvariantCulture) + " " + Unit;
}
