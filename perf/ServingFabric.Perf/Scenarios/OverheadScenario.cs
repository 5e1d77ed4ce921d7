using System.Globalization;
using ServingFabric.Inference;
using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;
using ServingFabric.Perf.Reporting;
using ServingFabric.Tensors;

namespace ServingFabric.Perf.Scenarios;

/// <summary>
/// Scenario 1: the same request, one at a time, through direct ONNX Runtime, the SDK over Orleans, HTTP with JSON
/// tensors and HTTP with binary tensors. Each path's added p50/p99 over the direct call is the fabric's overhead.
/// </summary>
internal sealed class OverheadScenario : IScenario
{
    public string Name => "overhead";

    public async Task<ScenarioReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = context.NewReport(Name, "Overhead: one request at a time through each path",
            "One client sends the same request, awaits the answer and repeats (closed loop, concurrency 1), through: the fabric's ONNX Runtime " +
            "engine called directly (the baseline), the .NET SDK over Orleans (an external cluster client), HTTP with JSON tensors and HTTP with " +
            "binary tensors (bodies encoded once ahead of time). Both models are served without dynamic batching, so no batch delay is counted; " +
            $"the rows `{PerfModels.IrisBatching}` (the quick-start sample's batching, no queue delay) and `{PerfModels.IrisDelay}` " +
            $"({PerfModels.BatchDelayMicroseconds} µs delay) show what the batcher and its delay add to a lone request. The silo runs with the response cache off.");
        await using var fabric = await context.StartFabricAsync(responseCache: false, orleansClient: true, cancellationToken);

        // Twice the usual windows: at concurrency 1 the tail percentiles need the samples.
        var options = context.Timing.Closed(1) with { MinWindows = context.Timing.MinWindows * 2 };
        var iris = await MeasurePathsAsync(context, report, fabric, PerfModels.Iris, PerfInputs.Iris(PerfModels.Iris), PerfInputs.IrisRows(1), options, cancellationToken);
        var batched = new List<RunResult>();
        foreach (var model in new[] { PerfModels.IrisBatching, PerfModels.IrisDelay })
        {
            var path = new HttpPath(fabric.Http, model, new FixedPayload(PerfInputs.Iris(model)), binary: true);
            batched.Add(await context.ClosedAsync(report, path, 1, $"{model} http-binary", cancellationToken, options));
        }

        var ocrMetadata = fabric.MetadataOf(PerfModels.OcrNoBatch);
        var ocr = await MeasurePathsAsync(context, report, fabric, PerfModels.OcrNoBatch,
            PerfInputs.Ocr(PerfModels.OcrNoBatch, ocrMetadata, context.Seed), PerfInputs.OcrRows(ocrMetadata, 1, context.Seed), options, cancellationToken);

        report.Tables.Add(AddedLatencyTable("Added latency over direct ONNX Runtime: iris MLP (overhead dominates)", iris, batched));
        report.Tables.Add(AddedLatencyTable("Added latency over direct ONNX Runtime: PaddleOCR classifier [1,3,48,192]", ocr, []));

        // The targets' paths twice more (the second time in reverse order), later in the process's life when less is
        // still being compiled; each target is the median of the three differences.
        var sets = new List<RunResult[]> { iris };
        for (var repeat = 1; repeat <= RepeatsOfTheTargetPaths; repeat++)
        {
            sets.Add(await MeasurePathsAsync(context, report, fabric, PerfModels.Iris, PerfInputs.Iris(PerfModels.Iris), PerfInputs.IrisRows(1), options,
                cancellationToken, TargetPaths, reverse: repeat % 2 == 0, labelSuffix: $" (repeat {repeat})"));
        }

        var http = new RepeatedFigure(sets.ConvertAll(set => set[HttpBinary].Latency.P50Ms - set[Direct].Latency.P50Ms), "ms");
        var sdk = new RepeatedFigure(sets.ConvertAll(set => set[Sdk].Latency.P50Ms - set[Direct].Latency.P50Ms), "ms");
        report.Checks.Add(TargetCheck.AtMost("HTTP binary adds to p50 (iris)", http.Median, 1.0, " ms",
            $"http-binary p50 − direct p50, {http.Describe()}; first: {iris[HttpBinary].Latency.P50Ms} − {iris[Direct].Latency.P50Ms} ms"));
        report.Checks.Add(TargetCheck.AtMost("SDK over Orleans adds to p50 (iris)", sdk.Median, 0.3, " ms",
            $"sdk-orleans p50 − direct p50, {sdk.Describe()}; first: {iris[Sdk].Latency.P50Ms} − {iris[Direct].Latency.P50Ms} ms"));

        report.Plots.Add(LatencyBars(context.OutputFolder, "overhead-iris.png", "iris MLP, 1 client: latency by path", iris));
        report.Plots.Add(LatencyBars(context.OutputFolder, "overhead-ocr.png", "PaddleOCR classifier, 1 client: latency by path", ocr));
        return report;
    }

    // Indexes of the paths in MeasurePathsAsync's results.
    private const int Direct = 0;
    private const int Sdk = 1;
    private const int HttpJson = 2;
    private const int HttpBinary = 3;

    // Extra measurements of the paths the targets compare.
    private const int RepeatsOfTheTargetPaths = 2;
    private static readonly int[] AllPaths = [Direct, Sdk, HttpJson, HttpBinary];
    private static readonly int[] TargetPaths = [Direct, Sdk, HttpBinary];

    /// <summary>Direct, SDK, HTTP JSON, HTTP binary at those indexes; only <paramref name="measured"/> ones are run (in reverse if asked).</summary>
    private static async Task<RunResult[]> MeasurePathsAsync(
        ScenarioContext context, ScenarioReport report, PerfFabric fabric, string model, InferenceRequest request,
        IReadOnlyList<Tensor> directInputs, ClosedLoopOptions options, CancellationToken cancellationToken,
        int[]? measured = null, bool reverse = false, string labelSuffix = "")
    {
        var payload = new FixedPayload(request);
        IRequestPath[] paths =
        [
            new DirectEnginePath(fabric.LoadDirectEngine(model), directInputs, rows: 1),
            new SdkPath("sdk-orleans", model, fabric.Sdk!, payload),
            new HttpPath(fabric.Http, model, payload, binary: false),
            new HttpPath(fabric.Http, model, payload, binary: true),
        ];
        var results = new RunResult[paths.Length];
        var order = measured ?? AllPaths;
        foreach (var i in reverse ? order.Reverse() : order)
        {
            results[i] = await context.ClosedAsync(report, paths[i], 1, $"{model} {paths[i].Name}{labelSuffix}", cancellationToken, options);
        }

        return results;
    }

    private static ReportTable AddedLatencyTable(string title, RunResult[] runs, IEnumerable<RunResult> extra)
    {
        var direct = runs[0].Latency;
        var rows = runs.Concat(extra).Select(run => (IReadOnlyList<string>)
        [
            run.Model,
            run.Path,
            MarkdownReportWriter.Number(run.Latency.P50Ms),
            MarkdownReportWriter.Number(run.Latency.P99Ms),
            Signed(run.Latency.P50Ms - direct.P50Ms),
            Signed(run.Latency.P99Ms - direct.P99Ms),
        ]).ToList();
        return new ReportTable(title, ["model", "path", "p50 ms", "p99 ms", "added p50 ms", "added p99 ms"], rows);
    }

    private static string LatencyBars(string folder, string file, string title, RunResult[] runs) =>
        PlotWriter.Bars(folder, file, title, "latency (ms)", [.. runs.Select(r => r.Path)],
        [
            new BarGroup("p50", [.. runs.Select(r => r.Latency.P50Ms)]),
            new BarGroup("p99", [.. runs.Select(r => r.Latency.P99Ms)]),
        ]);

    private static string Signed(double value) => value.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture);
}
