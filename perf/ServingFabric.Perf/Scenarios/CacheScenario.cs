using System.Globalization;
using ServingFabric.Inference;
using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;
using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>
/// Scenario 3: a workload with 0 to 90 % repeated requests against a silo with the response cache on, and the same
/// workload against a silo with it off.
/// </summary>
internal sealed class CacheScenario : IScenario
{
    private static readonly double[] Ratios = [0, 0.25, 0.5, 0.75, 0.9];
    private static readonly double[] TinyRatios = [0, 0.9];

    // Extra on/off pairs at the top hit ratio, whose ratio is the target.
    private const int RepeatsOfTheTargetPair = 2;

    public string Name => "cache";

    public async Task<ScenarioReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ratios = context.Timing.IsTiny ? TinyRatios : Ratios;
        var clients = context.Timing.IsTiny ? 4 : 32;
        var report = context.NewReport(Name, "Cache: throughput against hit ratio",
            $"{clients} clients (closed loop) send PaddleOCR classifier requests (`{PerfModels.Ocr}`, deterministic, dynamic batching on) over HTTP with " +
            "binary tensors. A seeded hash of each request's number makes it one of 16 hot images (a hit once cached) or an image never sent before " +
            "(a miss), in the given ratio. The same workload runs against a silo with `ServingFabric:ResponseCache:Enabled=true` and one with " +
            "`false` (the baseline), alternating at each ratio; the top ratio's pair is measured twice more (the second time off first) " +
            "and the target is the median of its three on/off ratios.");
        // Both silos run side by side and each hit ratio is measured on one, then the other, so the process's warm-up
        // and a drifting machine weigh on both series alike.
        await using var cached = await context.StartFabricAsync(responseCache: true, orleansClient: false, cancellationToken);
        await using var uncached = await context.StartFabricAsync(responseCache: false, orleansClient: false, cancellationToken);
        var template = PerfInputs.Ocr(PerfModels.Ocr, cached.MetadataOf(PerfModels.Ocr), context.Seed);
        var withCache = new List<RunResult>();
        var withoutCache = new List<RunResult>();
        foreach (var ratio in ratios)
        {
            withCache.Add(await MeasureAsync(context, report, cached, template, ratio, clients, cancellationToken));
            withoutCache.Add(await MeasureAsync(context, report, uncached, template, ratio, clients, cancellationToken));
        }

        // The target's pair twice more, the second time in the other order, so the order within a pair and a machine
        // that drifts during the sweep weigh on both sides alike; the target is the median of the three ratios.
        var topRatio = ratios[^1];
        var topPairs = new List<(RunResult On, RunResult Off)> { (withCache[^1], withoutCache[^1]) };
        for (var repeat = 1; repeat <= RepeatsOfTheTargetPair; repeat++)
        {
            var suffix = $" (repeat {repeat})";
            if (repeat % 2 == 0)
            {
                var off = await MeasureAsync(context, report, uncached, template, topRatio, clients, cancellationToken, suffix);
                topPairs.Add((await MeasureAsync(context, report, cached, template, topRatio, clients, cancellationToken, suffix), off));
            }
            else
            {
                var on = await MeasureAsync(context, report, cached, template, topRatio, clients, cancellationToken, suffix);
                topPairs.Add((on, await MeasureAsync(context, report, uncached, template, topRatio, clients, cancellationToken, suffix)));
            }
        }

        var onVersusOff = new RepeatedFigure(topPairs.ConvertAll(p => p.On.Throughput / p.Off.Throughput));
        report.Checks.Add(TargetCheck.AtLeast($"cache on vs off at {topRatio:P0} hits", onVersusOff.Median, 5, "x",
            $"{onVersusOff.Describe()}; first pair {withCache[^1].Throughput} vs {withoutCache[^1].Throughput} req/s, {clients} clients"));
        report.Tables.Add(new ReportTable("Throughput and latency against hit ratio",
            ["hit ratio", "cache on req/s", "cache off req/s", "on/off", "on p50 ms", "off p50 ms", "on p99 ms", "off p99 ms"],
            [.. ratios.Select((ratio, i) => (IReadOnlyList<string>)
            [
                ratio.ToString("P0", CultureInfo.InvariantCulture),
                MarkdownReportWriter.Number(withCache[i].Throughput),
                MarkdownReportWriter.Number(withoutCache[i].Throughput),
                (withCache[i].Throughput / withoutCache[i].Throughput).ToString("0.00", CultureInfo.InvariantCulture) + "x",
                MarkdownReportWriter.Number(withCache[i].Latency.P50Ms),
                MarkdownReportWriter.Number(withoutCache[i].Latency.P50Ms),
                MarkdownReportWriter.Number(withCache[i].Latency.P99Ms),
                MarkdownReportWriter.Number(withoutCache[i].Latency.P99Ms),
            ])]));

        var percent = ratios.Select(r => r * 100).ToArray();
        report.Plots.Add(PlotWriter.Lines(context.OutputFolder, "cache-throughput.png", "Response cache: throughput", "hit ratio (%)", "req/s",
            [new PlotSeries("cache on", percent, [.. withCache.Select(r => r.Throughput)]),
             new PlotSeries("cache off", percent, [.. withoutCache.Select(r => r.Throughput)])]));
        report.Plots.Add(PlotWriter.Lines(context.OutputFolder, "cache-latency.png", "Response cache: latency", "hit ratio (%)", "latency (ms)",
            [new PlotSeries("on p50", percent, [.. withCache.Select(r => r.Latency.P50Ms)]),
             new PlotSeries("on p99", percent, [.. withCache.Select(r => r.Latency.P99Ms)]),
             new PlotSeries("off p50", percent, [.. withoutCache.Select(r => r.Latency.P50Ms)]),
             new PlotSeries("off p99", percent, [.. withoutCache.Select(r => r.Latency.P99Ms)])]));
        return report;
    }

    private static Task<RunResult> MeasureAsync(
        ScenarioContext context, ScenarioReport report, PerfFabric fabric, InferenceRequest template, double ratio, int clients, CancellationToken cancellationToken,
        string labelSuffix = "")
    {
        var path = new HttpPath(fabric.Http, PerfModels.Ocr, new HitRatioPayload(template, ratio, context.Seed), binary: true);
        var label = $"cache {(fabric.Silo.ResponseCache ? "on" : "off")}, {ratio.ToString("P0", CultureInfo.InvariantCulture)} hits{labelSuffix}";
        return context.ClosedAsync(report, path, clients, label, cancellationToken);
    }
}
