using System.Diagnostics;
using ServingFabric.Perf.Cli;
using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>What a scenario gets: settings, timing, where to write, and the progress log.</summary>
internal sealed class ScenarioContext(PerfSettings settings, string ocrModelPath, TextWriter log)
{
    public PerfSettings Settings { get; } = settings;

    public ScenarioTiming Timing { get; } = ScenarioTiming.For(settings.Tiny, settings.Seconds);

    public string OcrModelPath { get; } = ocrModelPath;

    public string OutputFolder => Settings.OutputFolder;

    public int Seed => Settings.Seed;

    public TextWriter Log { get; } = log;

    public ScenarioReport NewReport(string scenario, string title, string description) =>
        new(scenario, title, description) { Tiny = Settings.Tiny, Seed = Seed };

    public async Task<PerfFabric> StartFabricAsync(bool responseCache, bool orleansClient, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var fabric = await PerfFabric.StartAsync(OcrModelPath, responseCache, orleansClient, cancellationToken);
        Log.WriteLine($"  in-process silo ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (response cache {(responseCache ? "on" : "off")})");
        return fabric;
    }

    /// <summary>Runs a closed loop, prints one progress line and adds the result to <paramref name="report"/>.</summary>
    public async Task<RunResult> ClosedAsync(
        ScenarioReport report, IRequestPath path, int concurrency, string label, CancellationToken cancellationToken, ClosedLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var result = await ClosedLoopRunner.RunAsync(path, options ?? Timing.Closed(concurrency), label, cancellationToken);
        return Add(report, result);
    }

    /// <summary>Runs an open loop, prints one progress line and adds the result to <paramref name="report"/>.</summary>
    public async Task<RunResult> OpenAsync(
        ScenarioReport report, IRequestPath path, string label, OpenLoopOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var result = await OpenLoopRunner.RunAsync(path, options, label, cancellationToken);
        return Add(report, result);
    }

    private RunResult Add(ScenarioReport report, RunResult result)
    {
        report.Runs.Add(result);
        Log.WriteLine(
            $"  {result.Label,-34} {result.Throughput,9:0.0} req/s {result.RowsPerSecond,9:0.0} rows/s  p50 {result.Latency.P50Ms,8:0.000} ms  " +
            $"p99 {result.Latency.P99Ms,8:0.000} ms  errors {result.Errors}  refused {result.Refused}{(result.FirstError is { } e ? "  first error: " + e : "")}");
        return result;
    }
}
