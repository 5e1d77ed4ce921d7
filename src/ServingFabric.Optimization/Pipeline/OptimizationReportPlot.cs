using ScottPlot;

namespace ServingFabric.Optimization.Pipeline;

/// <summary>The report's histogram of output differences as a PNG (800x450), to read beside the Markdown.</summary>
public static class OptimizationReportPlot
{
    public static void WriteHistogram(OptimizationReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var bins = report.Gate.ErrorHistogram;
        var plot = new Plot();
        // Counts span decades (most values barely move, a few move a lot): log10(1 + count) keeps the rare bins visible.
        var bars = plot.Add.Bars([.. bins.Select(b => Math.Log10(1 + b.Count))]);
        for (var i = 0; i < bins.Count; i++)
        {
            bars.Bars[i].Label = bins[i].Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        bars.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.SetTicks([.. bins.Select((_, i) => (double)i)], [.. bins.Select(OptimizationReportFormats.BinLabel)]);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"|candidate - original| of {report.Gate.OutputName} ({report.Gate.Samples} samples): {(report.Passed ? "passed" : "refused")}");
        plot.XLabel("absolute difference");
        plot.YLabel("log10(1 + values)");
        plot.SavePng(path, 800, 450);
    }
}
