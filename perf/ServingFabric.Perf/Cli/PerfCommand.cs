using System.Diagnostics;
using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Reporting;
using ServingFabric.Perf.Scenarios;

namespace ServingFabric.Perf.Cli;

/// <summary>
/// Runs the named scenarios one after another and writes, for each, <c>&lt;scenario&gt;.json</c>,
/// <c>&lt;scenario&gt;.md</c> and its PNG plots, then <c>summary.md</c>. Exit code 0 means every scenario ran;
/// targets missed are reported, not failed (they are benchmarks).
/// </summary>
internal static class PerfCommand
{
    /// <summary>A bound on any one scenario, so a hung silo cannot keep the command (or CI) running.</summary>
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        PerfSettings settings;
        string ocrModel;
        try
        {
            settings = PerfSettings.Parse(args, DefaultOutput());
            ocrModel = OcrModelLocator.Locate(settings.OcrModel);
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException)
        {
            await log.WriteLineAsync(ex.Message);
            return 2;
        }

        Directory.CreateDirectory(settings.OutputFolder);
        var split = settings.Cores == CoreLayout.Shared ? null : CoreSplit.FromEnvironment() ?? CoreSplit.Detect(force: settings.Cores == CoreLayout.Split);
        await log.WriteLineAsync(split is null
            ? "cores: shared by the silo (in this process), the load generator and the baseline"
            : $"cores: {split.Describe()}");
        var context = new ScenarioContext(settings, ocrModel, split, log);
        var reports = new List<ScenarioReport>();
        foreach (var name in settings.Scenarios)
        {
            await log.WriteLineAsync($"== {name}{(settings.Tiny ? " (tiny)" : "")}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ScenarioTimeout);
            var started = Stopwatch.GetTimestamp();
            var report = await Create(name).RunAsync(context, timeout.Token);
            report.DurationSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
            JsonReportWriter.Write(report, settings.OutputFolder);
            MarkdownReportWriter.Write(report, settings.OutputFolder);
            reports.Add(report);
            foreach (var check in report.Checks)
            {
                await log.WriteLineAsync($"  {check.Verdict}  {check.Name}: {check.MeasuredText} (wanted {check.TargetText})");
            }
        }

        var summary = SummaryWriter.Write(reports, settings.OutputFolder);
        await log.WriteLineAsync($"results in {settings.OutputFolder} (summary: {summary})");
        return 0;
    }

    private static IScenario Create(string name) => name switch
    {
        "overhead" => new OverheadScenario(),
        "bare" => new BareServerScenario(),
        "batching" => new BatchingScenario(),
        "cache" => new CacheScenario(),
        "openloop" => new OpenLoopScenario(),
        "security" => new SecurityScenario(),
        "optimization" => new OptimizationScenario(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario"),
    };

    private static string DefaultOutput()
    {
        try
        {
            return Path.Combine(RepositoryRoot.Find(), "perf", "results");
        }
        catch (DirectoryNotFoundException)
        {
            return Path.Combine(Directory.GetCurrentDirectory(), "perf-results");
        }
    }
}
