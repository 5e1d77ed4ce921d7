using ScottPlot;
using ServingFabric.Chaos.Soak;

namespace ServingFabric.Chaos.Reporting;

/// <summary>One PNG per soak metric, a line per silo over minutes (800x450, like perf/'s plots).</summary>
internal static class SoakPlots
{
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<ProcessSample> samples)
    {
        return
        [
            Lines(folder, "soak-rss.png", "Resident set size per silo", "MB", samples, s => s.RssMb),
            Lines(folder, "soak-gc-heap.png", "GC heap after the last collection, per silo", "MB", samples, s => s.GcHeapMb),
            Lines(folder, "soak-threads.png", "Threads per silo", "threads", samples, s => s.Threads),
            Lines(folder, "soak-handles.png", "Open file descriptors per silo", "handles", samples, s => s.OpenHandles),
            Lines(folder, "soak-p99.png", "p99 latency of the load (10 s windows)", "ms", samples.Where(s => s.Silo == samples[0].Silo).ToList(), s => s.P99Ms),
        ];
    }

    private static string Lines(string folder, string file, string title, string unit, IReadOnlyList<ProcessSample> samples, Func<ProcessSample, double?> value)
    {
        var plot = new Plot();
        var color = 0;
        foreach (var silo in samples.GroupBy(s => s.Silo))
        {
            var points = silo.Where(s => value(s) is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points.Select(p => p.Minutes).ToArray(), points.Select(p => value(p)!.Value).ToArray(), Palette.GetColor(color++));
            line.LegendText = title.Contains("p99", StringComparison.Ordinal) ? "all requests" : "silo " + silo.Key;
            line.LineWidth = 2;
            line.MarkerSize = 4;
        }

        plot.Title(title);
        plot.XLabel("minutes");
        plot.YLabel(unit);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(Path.Combine(folder, file), 800, 450);
        return file;
    }
}
