using System.Diagnostics;
using ServingFabric.Perf.Cli;
using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;
using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>What a scenario gets: settings, timing, where to write, and the progress log.</summary>
internal sealed class ScenarioContext(PerfSettings settings, string ocrModelPath, CoreSplit? split, TextWriter log)
{
    /// <summary>The cores of the silo and of the generator; null when they share every core (the silo then runs in this process).</summary>
    public CoreSplit? Split { get; } = split;

    /// <summary>Cores the fabric has: the OCR models run one batch per core at once, and the direct baseline as many threads.</summary>
    public int ServerThreads { get; } = split?.ServerThreads ?? Environment.ProcessorCount;

    /// <summary>One sentence for reports: where the silo, the generator and the baseline ran.</summary>
    public string CoresDescription => Split is { } s
        ? $"The silo runs in its own process pinned to core(s) {s.ServerList}; the load generator and the direct baseline run pinned to core(s) {s.ClientList}, so neither side of a ratio pays for the generator."
        : "The silo, the load generator and the direct baseline share every core (the generator's work is charged to the fabric).";

    public PerfSettings Settings { get; } = settings;

    public ScenarioTiming Timing { get; } = ScenarioTiming.For(settings.Tiny, settings.Seconds);

    public string OcrModelPath { get; } = ocrModelPath;

    public string OutputFolder => Settings.OutputFolder;

    public int Seed => Settings.Seed;

    public TextWriter Log { get; } = log;

    public ScenarioReport NewReport(string scenario, string title, string description) =>
        new(scenario, title, description) { Tiny = Settings.Tiny, Seed = Seed };

    private readonly List<SiloProcess> _silos = [];

    public async Task<PerfFabric> StartFabricAsync(bool responseCache, bool orleansClient, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var fabric = await PerfFabric.StartAsync(OcrModelPath, ServerThreads, Split, responseCache, orleansClient, Seed, Timing.FabricWarmupLimit, Log, cancellationToken);
        if (fabric.Silo is SiloProcess process)
        {
            _silos.Add(process);
        }

        var where = Split is { } s ? $"silo process pinned to core(s) {s.ServerList}" : "in-process silo";
        Log.WriteLine($"  {where} ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (response cache {(responseCache ? "on" : "off")}); warm-up: {fabric.Warmup?.Describe()}");
        return fabric;
    }

    /// <summary>Runs a closed loop, prints one progress line and adds the result to <paramref name="report"/>.</summary>
    public async Task<RunResult> ClosedAsync(
        ScenarioReport report, IRequestPath path, int concurrency, string label, CancellationToken cancellationToken, ClosedLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        // The direct baseline never reaches a silo: the silo's CPU during its runs is only what an idle silo spends.
        var measured = (options ?? Timing.Closed(concurrency)) with { ServerCpu = _silos.Count > 0 && path is not DirectEnginePath ? SilosCpu : null };
        var result = await ClosedLoopRunner.RunAsync(path, measured, label, cancellationToken);
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

    // Every silo still running: the one measured, and any other of its scenario (idle, so it adds little).
    private TimeSpan SilosCpu()
    {
        var total = TimeSpan.Zero;
        foreach (var silo in _silos.Where(s => !s.Stopped))
        {
            total += silo.CpuTime;
        }

        return total;
    }

    private RunResult Add(ScenarioReport report, RunResult result)
    {
        report.Runs.Add(result);
        Log.WriteLine(
            $"  {result.Label,-34} {result.Throughput,9:0.0} req/s {result.RowsPerSecond,9:0.0} rows/s  p50 {result.Latency.P50Ms,8:0.000} ms  " +
            $"p99 {result.Latency.P99Ms,8:0.000} ms  errors {result.Errors}  refused {result.Refused}" +
            (result.ServerCpuMsPerRequest is { } cpu ? $"  silo cpu {cpu:0.000} ms/req, {result.ServerCpuCores:0.00} cores" : "") + $"{(result.FirstError is { } e ? "  first error: " + e : "")}");
        return result;
    }
}
