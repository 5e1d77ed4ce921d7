using System.Globalization;
using System.Text;
using System.Text.Json;
using ServingFabric.Chaos.Cli;
using ServingFabric.Chaos.Load;
using ServingFabric.Chaos.Reporting;
using ServingFabric.Chaos.Running;

namespace ServingFabric.Chaos.Soak;

/// <summary>
/// A long steady run at half the sustainable rate: every 10 s each silo's RSS, GC heap, threads and open handles,
/// and the load's p99; then a least-squares slope per silo and metric. Steady growth fails the run (exit 1): a slope
/// above its threshold whose 95 % confidence interval lies wholly above zero. The first fifth of the run (at least a
/// minute) is warm-up (JIT, pools, caches filling) and left out of the fit.
/// </summary>
internal static class SoakRunner
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,

        // A fit with too few points has an unbounded interval, and the p99 fit has no threshold: both are infinities.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Growth per hour that fails the soak: (metric, unit, threshold).</summary>
    private static readonly (string Metric, string Unit, double Threshold, Func<ProcessSample, double?> Value)[] Metrics =
    [
        ("rss", "MB/h", 50, s => s.RssMb),
        ("gc_heap", "MB/h", 25, s => s.GcHeapMb),
        ("threads", "threads/h", 10, s => s.Threads),
        ("open_handles", "handles/h", 20, s => s.OpenHandles),
    ];

    public static async Task<int> RunAsync(ChaosSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        await using var session = await ChaosSession.StartClusterAsync(log);
        double? sustainable = null;
        var rate = settings.Rate ?? 0;
        if (settings.Rate is null)
        {
            sustainable = await MeasureSustainableRateAsync(session, settings.Seed, log);
            rate = Math.Max(10, Math.Round(sustainable.Value / 2));
        }

        var duration = TimeSpan.FromMinutes(settings.Minutes);
        log($"soak: {settings.Minutes} min at {rate} req/s{(sustainable is { } s ? $" (half of the {s} req/s measured sustainable)" : "")}");
        var load = session.StartLoad(rate, duration + TimeSpan.FromMinutes(2), settings.Seed);
        var samples = new List<ProcessSample>();
        var restartsBefore = session.Cluster.Silos.Sum(s => s.Restarts);
        for (var next = Interval; next <= duration; next += Interval)
        {
            var wait = next.TotalSeconds - load.Now;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
            }

            var now = load.Now;
            var p99 = Window.Of(load.Records(), now - Interval.TotalSeconds, now).P99Ms;
            foreach (var silo in session.Cluster.Silos)
            {
                if (await ProcessSampler.SampleAsync(silo, session.Cluster.Admin, now / 60, p99) is { } sample)
                {
                    samples.Add(sample);
                }
            }

            if (samples.Count % (6 * 3) == 0)
            {
                var last = samples.TakeLast(3).ToList();
                log($"  +{now / 60:F1} min: RSS {string.Join("/", last.Select(x => x.RssMb))} MB, heap {string.Join("/", last.Select(x => x.GcHeapMb))} MB, threads {string.Join("/", last.Select(x => x.Threads))}, fds {string.Join("/", last.Select(x => x.OpenHandles))}, p99 {p99} ms; {load.Failed} failed of {load.Completed}");
            }
        }

        await load.StopAsync();
        var records = load.Records();
        var failed = records.Count(r => !r.Succeeded);
        var warmUp = Math.Max(1, settings.Minutes / 5);
        var slopes = new List<SlopeTest>();
        foreach (var silo in samples.GroupBy(s => s.Silo))
        {
            foreach (var (metric, unit, threshold, value) in Metrics)
            {
                var points = silo.Where(s => s.Minutes >= warmUp && value(s) is not null).Select(s => (s.Minutes / 60, value(s)!.Value)).ToList();
                slopes.Add(SlopeTest.Fit(silo.Key, metric, unit, points, threshold));
            }
        }

        var p99Points = samples.Where(s => s.Silo == samples[0].Silo && s.Minutes >= warmUp && s.P99Ms is not null).Select(s => (s.Minutes / 60, s.P99Ms!.Value)).ToList();
        var latency = SlopeTest.Fit("all", "p99", "ms/h", p99Points, double.PositiveInfinity);
        Directory.CreateDirectory(settings.Out);
        var plots = SoakPlots.Write(settings.Out, samples);
        var restarts = session.Cluster.Silos.Sum(s => s.Restarts) - restartsBefore;
        var report = new SoakReport(settings.Minutes, rate, sustainable, records.Count, failed, warmUp, restarts, slopes, latency, samples, plots);
        await File.WriteAllTextAsync(Path.Combine(settings.Out, "soak.json"), JsonSerializer.Serialize(report, Json), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(settings.Out, "soak.md"), Markdown(report), cancellationToken);
        var fails = slopes.Where(t => t.Fails).ToList();
        log($"soak: {records.Count - failed}/{records.Count} succeeded; {(fails.Count == 0 ? "no steady growth" : "STEADY GROWTH: " + string.Join(", ", fails.Select(f => $"{f.Silo} {f.Metric} {f.SlopePerHour} {f.Unit}")))}; report in {settings.Out}/soak.md");
        return fails.Count == 0 && (records.Count - failed) >= ChaosRunResult.Target * records.Count ? 0 : 1;
    }

    /// <summary>10 s steps at doubling rates; the sustainable rate is the last one with ≥ 99.9 % success, p99 ≤ 500 ms and nothing skipped.</summary>
    private static async Task<double> MeasureSustainableRateAsync(ChaosSession session, int seed, Action<string> log)
    {
        double sustainable = 50;
        foreach (var rate in new double[] { 100, 200, 400, 800, 1600 })
        {
            var load = session.StartLoad(rate, TimeSpan.FromSeconds(10), seed, main: false);
            await Task.Delay(TimeSpan.FromSeconds(10));
            await load.StopAsync();
            var records = load.Records();
            load.Dispose();
            var window = Window.Of(records, 2, 10);
            var ok = window.Sent > 0 && window.Failed <= window.Sent * (1 - ChaosRunResult.Target) && window.P99Ms <= 500;
            log($"  sustainable-rate step {rate} req/s: {window.Sent - window.Failed}/{window.Sent} ok, p99 {window.P99Ms} ms → {(ok ? "sustained" : "not sustained")}");
            if (!ok)
            {
                break;
            }

            sustainable = rate;
        }

        return sustainable;
    }

    private static string Markdown(SoakReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Soak");
        text.AppendLine();
        text.AppendLine(inv, $"{report.Minutes} min at {report.Rate} req/s (half SDK, half plain HTTP){(report.SustainableRate is { } s ? $", half of the {s} req/s measured sustainable (10 s steps, p99 ≤ 500 ms)" : ", rate given")}. {ChaosCommand.Machine()}");
        text.AppendLine();
        text.AppendLine(inv, $"Requests: {report.Sent - report.Failed} of {report.Sent} succeeded ({ChaosReportWriter.Percent(report.Sent == 0 ? 1 : (report.Sent - report.Failed) / (double)report.Sent)}). Silo restarts: {report.Restarts}. Samples every 10 s; the first {report.WarmUpMinutes:F1} min are warm-up, left out of the fit.");
        text.AppendLine();
        text.AppendLine("A metric fails on steady growth: least-squares slope above the threshold **and** its 95 % confidence interval wholly above zero.");
        text.AppendLine();
        text.AppendLine("| silo | metric | points | slope | 95 % CI | threshold | verdict |");
        text.AppendLine("|---|---|---:|---:|---|---:|---|");
        foreach (var t in report.Slopes)
        {
            text.AppendLine(inv, $"| {t.Silo} | {t.Metric} | {t.Points} | {t.SlopePerHour} {t.Unit} | [{t.Low}, {t.High}] | {t.Threshold} | {(t.Fails ? "**GROWS**" : "ok")} |");
        }

        text.AppendLine(inv, $"| all | p99 latency | {report.Latency.Points} | {report.Latency.SlopePerHour} ms/h | [{report.Latency.Low}, {report.Latency.High}] | (reported) | - |");
        text.AppendLine();
        foreach (var plot in report.Plots)
        {
            text.AppendLine(inv, $"![{plot}]({plot})");
        }

        return text.ToString();
    }
}

/// <summary>A soak's figures, written as soak.json.</summary>
internal sealed record SoakReport(
    double Minutes, double Rate, double? SustainableRate, long Sent, long Failed, double WarmUpMinutes, int Restarts,
    IReadOnlyList<SlopeTest> Slopes, SlopeTest Latency, IReadOnlyList<ProcessSample> Samples, IReadOnlyList<string> Plots);
