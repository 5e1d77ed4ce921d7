using System.Text.RegularExpressions;
using ScottPlot;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>One dashboard panel's range-query results, titled and legended as the dashboard says.</summary>
internal sealed record PanelData(string Title, string Unit, IReadOnlyList<(string LegendFormat, IReadOnlyList<PrometheusSeries> Series)> Targets);

/// <summary>
/// Draws dashboard panels the way Grafana would show them, from Prometheus range queries: one PNG per panel
/// (600x300) and one image of the whole dashboard, the panels on a grid of two columns.
/// </summary>
internal static partial class DashboardPlots
{
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>Writes every panel and the whole dashboard into <paramref name="folder"/>; the whole dashboard's path.</summary>
    public static string Write(string folder, IReadOnlyList<PanelData> panels, double startSeconds)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < panels.Count; i++)
        {
            Panel(panels[i], startSeconds).SavePng(Path.Combine(folder, $"{i + 1:00}-{Slug().Replace(panels[i].Title.ToLowerInvariant(), "-").Trim('-')}.png"), 600, 300);
        }

        var dashboard = new Multiplot();
        dashboard.AddPlots(panels.Count);
        for (var i = 0; i < panels.Count; i++)
        {
            Fill(dashboard.GetPlot(i), panels[i], startSeconds);
        }

        var rows = (panels.Count + 1) / 2;
        dashboard.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, 2);
        var path = Path.Combine(folder, "dashboard.png");
        dashboard.SavePng(path, 1200, 260 * rows);
        return path;
    }

    private static Plot Panel(PanelData panel, double startSeconds)
    {
        var plot = new Plot();
        Fill(plot, panel, startSeconds);
        return plot;
    }

    private static void Fill(Plot plot, PanelData panel, double startSeconds)
    {
        var color = 0;
        foreach (var (legendFormat, series) in panel.Targets)
        {
            foreach (var one in series.Where(s => s.Points.Any(p => double.IsFinite(p.Value))))
            {
                var points = one.Points.Where(p => double.IsFinite(p.Value)).ToList();
                var line = plot.Add.Scatter(points.Select(p => p.Time - startSeconds).ToArray(), points.Select(p => p.Value).ToArray(), Palette.GetColor(color++));
                line.LegendText = Legend().Replace(legendFormat, m => one.Labels.GetValueOrDefault(m.Groups[1].Value, ""));
                line.LineWidth = 2;
                line.MarkerSize = 0;
            }
        }

        plot.Title(panel.Title, size: 13);
        plot.XLabel("seconds");
        plot.YLabel(panel.Unit switch { "reqps" => "requests/s", "percentunit" => "ratio", "s" => "seconds", "none" => "", var unit => unit });
        plot.ShowLegend(Alignment.UpperLeft);
    }

    [GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial Regex Legend();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();
}
