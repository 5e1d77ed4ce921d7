using System.Globalization;
using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;
using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>
/// Scenario 2: throughput and latency of the PaddleOCR classifier against concurrency, dynamic batching on and off,
/// against direct ONNX Runtime at batch 1 and at its best batch size.
/// </summary>
internal sealed class BatchingScenario : IScenario
{
    private static readonly int[] Levels = [1, 2, 4, 8, 16, 32, 64];
    private static readonly int[] TinyLevels = [1, 4];

    public string Name => "batching";

    // Extra runs of what the targets compare (direct at its best batch, batching on and off at the top concurrency).
    private const int RepeatsOfTheTargetRuns = 2;

    public async Task<ScenarioReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var levels = context.Timing.IsTiny ? TinyLevels : Levels;
        var report = context.NewReport(Name, "Batching: throughput against concurrency",
            $"PaddleOCR's orientation classifier, one [1,3,48,192] image per request, over HTTP with binary tensors (pre-encoded). `{PerfModels.Ocr}` " +
            $"batches dynamically (max {PerfModels.OcrMaxBatch}, preferred 8/{PerfModels.OcrMaxBatch}, {PerfModels.BatchDelayMicroseconds} µs delay, {context.ServerThreads} batch(es) at once); `{PerfModels.OcrNoBatch}` is the same model " +
            $"with batching off ({context.ServerThreads} request(s) at once). The baseline is the fabric's ONNX Runtime engine (same session options, one intra-op thread) called directly with " +
            $"batches of 1 to 64 rows on {context.ServerThreads} thread(s), as many as the fabric runs; its best rows/s is what a perfect server could reach with this engine. Response cache off. " +
            context.CoresDescription);
        await using var fabric = await context.StartFabricAsync(responseCache: false, orleansClient: false, cancellationToken);

        var metadata = fabric.MetadataOf(PerfModels.Ocr);
        var engine = fabric.LoadDirectEngine(PerfModels.Ocr);
        var direct = new List<RunResult>();
        foreach (var rows in levels)
        {
            var path = new DirectEnginePath(engine, PerfInputs.OcrRows(metadata, rows, context.Seed), rows);
            direct.Add(await context.ClosedAsync(report, path, context.ServerThreads, $"direct-ort batch {rows}", cancellationToken));
        }

        var payload = new FixedPayload(PerfInputs.Ocr(PerfModels.Ocr, metadata, context.Seed));
        var batchedPath = new HttpPath(fabric.Http, PerfModels.Ocr, payload, binary: true);
        var unbatchedPath = new HttpPath(fabric.Http, PerfModels.OcrNoBatch, payload, binary: true);
        var on = new List<RunResult>();
        var off = new List<RunResult>();
        foreach (var clients in levels)
        {
            // Alternating on and off at each level, so a drifting machine moves both curves alike.
            on.Add(await context.ClosedAsync(report, batchedPath, clients, $"batching on, {clients} clients", cancellationToken));
            off.Add(await context.ClosedAsync(report, unbatchedPath, clients, $"batching off, {clients} clients", cancellationToken));
        }

        // The targets' runs twice more (the second time in reverse order), so that neither the order nor a machine
        // drifting during the sweep decides them; each target is the median of its three ratios. The sweep's best
        // direct batch is the highest of several noisy runs, so its repeats also correct that upward pick.
        var best = direct.MaxBy(r => r.RowsPerSecond)!;
        var top = levels[^1];
        var bestPath = new DirectEnginePath(engine, PerfInputs.OcrRows(metadata, best.RowsPerRequest, context.Seed), best.RowsPerRequest);
        var batchOnePath = new DirectEnginePath(engine, PerfInputs.OcrRows(metadata, 1, context.Seed), 1);
        var rounds = new List<BatchingRound> { new(on[^1], off[^1], best, direct[0]) };
        for (var repeat = 1; repeat <= RepeatsOfTheTargetRuns; repeat++)
        {
            var suffix = $" (repeat {repeat})";
            Task<RunResult> Direct() => context.ClosedAsync(report, bestPath, context.ServerThreads, $"direct-ort batch {best.RowsPerRequest}{suffix}", cancellationToken);
            Task<RunResult> DirectOne() => context.ClosedAsync(report, batchOnePath, context.ServerThreads, $"direct-ort batch 1{suffix}", cancellationToken);
            Task<RunResult> On() => context.ClosedAsync(report, batchedPath, top, $"batching on, {top} clients{suffix}", cancellationToken);
            Task<RunResult> Off() => context.ClosedAsync(report, unbatchedPath, top, $"batching off, {top} clients{suffix}", cancellationToken);
            if (repeat % 2 == 1)
            {
                var d = await Direct();
                var d1 = await DirectOne();
                var n = await On();
                rounds.Add(new(n, await Off(), d, d1));
            }
            else
            {
                var f = await Off();
                var n = await On();
                var d1 = await DirectOne();
                rounds.Add(new(n, f, await Direct(), d1));
            }
        }

        var versusDirect = new RepeatedFigure(rounds.ConvertAll(r => r.On.RowsPerSecond / r.Direct.RowsPerSecond));
        var versusOff = new RepeatedFigure(rounds.ConvertAll(r => r.On.RowsPerSecond / r.Off.RowsPerSecond));
        var engineGain = new RepeatedFigure(rounds.ConvertAll(r => r.EngineGain));
        var shareOfEngineGain = new RepeatedFigure(rounds.ConvertAll(r => r.FabricGain / r.EngineGain));
        report.Checks.Add(TargetCheck.AtLeast($"batching on vs direct ORT at best batch ({top} clients)", versusDirect.Median, 0.8, "x",
            $"{versusDirect.Describe()}; first: {on[^1].RowsPerSecond} rows/s vs direct batch {best.RowsPerRequest}: {best.RowsPerSecond} rows/s"));
        // What batching can give is what the engine gains from it on this machine: a fixed 1.5x cannot be met where
        // ONNX Runtime itself gains 1.1-1.2x (a small CNN on CPU cores), and is too little where it gains 5x (a GPU).
        report.Checks.Add(TargetCheck.AtLeast($"batching on/off gain vs ORT's own batching gain ({top} clients)", shareOfEngineGain.Median, 0.9, "x",
            $"(on/off) ÷ (direct best batch ÷ direct batch 1), {shareOfEngineGain.Describe()}; on/off {versusOff.Describe()}; ORT's gain {engineGain.Describe()}; " +
            $"first: {on[^1].RowsPerSecond} vs {off[^1].RowsPerSecond} rows/s, direct {best.RowsPerSecond} vs {direct[0].RowsPerSecond} rows/s"));
        report.Tables.Add(ConcurrencyTable(levels, on, off, direct[0], best));
        report.Tables.Add(DirectTable(direct, context.ServerThreads));

        var folder = context.OutputFolder;
        report.Plots.Add(PlotWriter.Lines(folder, "batching-throughput.png", "PaddleOCR classifier: throughput", "concurrent clients", "rows/s",
            [new PlotSeries("batching on", [.. levels.Select(l => (double)l)], [.. on.Select(r => r.RowsPerSecond)]),
             new PlotSeries("batching off", [.. levels.Select(l => (double)l)], [.. off.Select(r => r.RowsPerSecond)])],
            [new PlotReference("direct ORT, batch 1", direct[0].RowsPerSecond),
             new PlotReference($"direct ORT, best (batch {best.RowsPerRequest})", best.RowsPerSecond)],
            log2X: true));
        report.Plots.Add(PlotWriter.Lines(folder, "batching-latency.png", "PaddleOCR classifier: latency", "concurrent clients", "latency (ms)",
            [new PlotSeries("on p50", [.. levels.Select(l => (double)l)], [.. on.Select(r => r.Latency.P50Ms)]),
             new PlotSeries("on p99", [.. levels.Select(l => (double)l)], [.. on.Select(r => r.Latency.P99Ms)]),
             new PlotSeries("off p50", [.. levels.Select(l => (double)l)], [.. off.Select(r => r.Latency.P50Ms)]),
             new PlotSeries("off p99", [.. levels.Select(l => (double)l)], [.. off.Select(r => r.Latency.P99Ms)])],
            log2X: true));
        report.Plots.Add(PlotWriter.Lines(folder, "batching-direct.png", "Direct ONNX Runtime: rows/s by batch size", "rows per Run", "rows/s",
            [new PlotSeries($"direct ORT, {context.ServerThreads} thread(s)", [.. levels.Select(l => (double)l)], [.. direct.Select(r => r.RowsPerSecond)])],
            log2X: true));
        return report;
    }

    private static ReportTable ConcurrencyTable(int[] levels, List<RunResult> on, List<RunResult> off, RunResult batchOne, RunResult best)
    {
        var rows = levels.Select((clients, i) => (IReadOnlyList<string>)
        [
            clients.ToString(CultureInfo.InvariantCulture),
            MarkdownReportWriter.Number(on[i].RowsPerSecond),
            MarkdownReportWriter.Number(off[i].RowsPerSecond),
            Ratio(on[i].RowsPerSecond, off[i].RowsPerSecond),
            Ratio(on[i].RowsPerSecond, best.RowsPerSecond),
            MarkdownReportWriter.Number(on[i].Latency.P50Ms),
            MarkdownReportWriter.Number(on[i].Latency.P99Ms),
            MarkdownReportWriter.Number(off[i].Latency.P99Ms),
        ]).ToList();
        return new ReportTable(
            $"Fabric against concurrency (direct ORT: batch 1 {MarkdownReportWriter.Number(batchOne.RowsPerSecond)} rows/s, best batch {best.RowsPerRequest} {MarkdownReportWriter.Number(best.RowsPerSecond)} rows/s)",
            ["clients", "on rows/s", "off rows/s", "on/off", "on/direct best", "on p50 ms", "on p99 ms", "off p99 ms"], rows);
    }

    private static ReportTable DirectTable(List<RunResult> direct, int threads) =>
        new($"Direct ONNX Runtime by batch size ({threads} thread(s), one Run each at a time)", ["rows per Run", "rows/s", "p50 ms per Run", "p99 ms per Run"],
        [.. direct.Select(r => (IReadOnlyList<string>)
        [
            r.RowsPerRequest.ToString(CultureInfo.InvariantCulture),
            MarkdownReportWriter.Number(r.RowsPerSecond),
            MarkdownReportWriter.Number(r.Latency.P50Ms),
            MarkdownReportWriter.Number(r.Latency.P99Ms),
        ])]);

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    /// <summary>One measurement of each side of the batching targets: the fabric on and off at the top concurrency, direct ORT at its best batch and at batch 1.</summary>
    private sealed record BatchingRound(RunResult On, RunResult Off, RunResult Direct, RunResult DirectBatchOne)
    {
        public double FabricGain => On.RowsPerSecond / Off.RowsPerSecond;

        public double EngineGain => Direct.RowsPerSecond / DirectBatchOne.RowsPerSecond;
    }
}
