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
            "`false` (the baseline), both in this process, alternating at each ratio.");
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

        var topRatio = ratios[^1];
        report.Checks.Add(TargetCheck.AtLeast($"cache on vs off at {topRatio:P0} hits", withCache[^1].Throughput / withoutCache[^1].Throughput, 5, "x",
            $"{withCache[^1].Throughput} vs {withoutCache[^1].Throughput} req/s, {clients} clients"));
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
        ScenarioContext context, ScenarioReport report, PerfFabric fabric, InferenceRequest template, double ratio, int clients, CancellationToken cancellationToken)
    {
        var path = new HttpPath(fabric.Http, PerfModels.Ocr, new HitRatioPayload(template, ratio, context.Seed), binary: true);
        var label = $"cache {(fabric.Silo.ResponseCache ? "on" : "off")}, {ratio.ToString("P0", CultureInfo.InvariantCulture)} hits";
        return context.ClosedAsync(report, path, clients, label, cancellationToken);
    }
}
