using ServingFabric.Perf.Reporting;

namespace ServingFabric.Compliance.Bundle;

/// <summary>The bundle's plots: latency over the load drill, replicas over the scale drill, availability per model and window.</summary>
internal static class EvidencePlots
{
    /// <summary>The most points drawn per series: a long drill is thinned evenly so the PNG stays small.</summary>
    public const int MaxPoints = 5000;

    public static IReadOnlyList<string> Write(EvidenceDocument document, Evidence.EvidenceSet evidence, string folder)
    {
        var plots = new List<string>();
        if (evidence.Drills.Load.Value is { Timeline.Count: > 0 } load)
        {
            var points = Thin(load.Timeline.Where(p => p.Succeeded).ToList());
            plots.Add(PlotWriter.Lines(folder, "load-drill-latency.png", $"Load drill: {load.Model} at {load.Rate} req/s", "seconds", "latency (ms)",
                [new PlotSeries("answered requests", [.. points.Select(p => p.AtSeconds)], [.. points.Select(p => p.LatencyMs)])],
                [new PlotReference($"latency objective {load.LatencyObjectiveMs} ms", load.LatencyObjectiveMs)]));
        }

        if (document.ScaleDrill is { ReplicaTimeline.Count: > 0 } scale)
        {
            plots.Add(PlotWriter.Lines(folder, "scale-drill-replicas.png", $"Scale drill: {scale.Model} at {string.Join(" → ", scale.Steps)} req/s", "seconds", "replicas",
                [new PlotSeries("replicas kept", [.. scale.ReplicaTimeline.Select(p => p.AtSeconds)], [.. scale.ReplicaTimeline.Select(p => (double)p.Replicas)])]));
        }

        var models = (evidence.Fabric.Models.Value ?? []).Where(m => m.Availability?.Windows.Any(w => w.Sli is not null) == true).Take(8).ToList();
        if (models.Count > 0)
        {
            var windows = models[0].Availability!.Windows.Select(w => w.Window).ToList();
            plots.Add(PlotWriter.Bars(folder, "availability.png", "Availability SLI by window (%)", "good / valid (%)", windows,
                [.. models.Select(m => new BarGroup(m.Name, [.. windows.Select(w => (m.Availability!.Windows.FirstOrDefault(x => x.Window == w)?.Sli ?? 0) * 100)]))]));
        }

        return plots;
    }

    private static List<T> Thin<T>(List<T> points) =>
        points.Count <= MaxPoints ? points : [.. Enumerable.Range(0, MaxPoints).Select(i => points[(int)((long)i * points.Count / MaxPoints)])];
}
