using ScottPlot;

namespace ServingFabric.Perf.Reporting;

/// <summary>
/// Small PNG charts (800x450, a few tens of KB) so the latest results can live in the repository beside the README.
/// </summary>
internal static class PlotWriter
{
    private const int Width = 800;
    private const int Height = 450;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>Lines over an x axis; <paramref name="log2X"/> spaces x by powers of two (concurrency, batch size) with the plain numbers as ticks.</summary>
    public static string Lines(
        string folder, string fileName, string title, string xLabel, string yLabel,
        IReadOnlyList<PlotSeries> series, IReadOnlyList<PlotReference>? references = null, bool log2X = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var color = 0;
        foreach (var line in series)
        {
            var xs = line.X.Select(x => log2X ? Math.Log2(x) : x).ToArray();
            var scatter = plot.Add.Scatter(xs, line.Y.ToArray(), Palette.GetColor(color++));
            scatter.LegendText = line.Legend;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
        }

        foreach (var reference in references ?? [])
        {
            var rule = plot.Add.HorizontalLine(reference.Y, 1.5f, Palette.GetColor(color++), LinePattern.Dashed);
            rule.LegendText = reference.Legend;
        }

        if (log2X)
        {
            var ticks = series.SelectMany(s => s.X).Distinct().Order().ToArray();
            plot.Axes.Bottom.SetTicks([.. ticks.Select(Math.Log2)], [.. ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        Finish(plot, title, xLabel, yLabel);
        return Save(plot, folder, fileName);
    }

    /// <summary>Grouped bars: one cluster per category, one colour per group.</summary>
    public static string Bars(string folder, string fileName, string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<BarGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(groups);
        var plot = new Plot();
        var slot = 1.0 / (groups.Count + 1);
        for (var g = 0; g < groups.Count; g++)
        {
            var color = Palette.GetColor(g);
            var bars = groups[g].Values.Select((value, c) => new Bar
            {
                Position = c + ((g - ((groups.Count - 1) / 2.0)) * slot),
                Value = value,
                Size = slot * 0.9,
                FillColor = color,
            }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = groups[g].Legend, FillColor = color });
        }

        plot.Axes.Bottom.SetTicks([.. categories.Select((_, i) => (double)i)], [.. categories]);
        plot.Axes.Margins(bottom: 0);
        Finish(plot, title, xLabel: "", yLabel);
        return Save(plot, folder, fileName);
    }

    private static void Finish(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static string Save(Plot plot, string folder, string fileName)
    {
        plot.SavePng(Path.Combine(folder, fileName), Width, Height);
        return fileName;
    }
}
