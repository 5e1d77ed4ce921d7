using System.Globalization;
using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;
using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>
/// Scenario 4: open-loop load at 70 % and 120 % of the maximum sustainable rate, constant and Poisson. Below
/// capacity latency must stay bounded; above it the excess must be refused fast (429/503) instead of queueing.
/// </summary>
internal sealed class OpenLoopScenario : IScenario
{
    private const double Below = 0.7;
    private const double Above = 1.2;

    /// <summary>The latency objective: a sustained rate keeps p99 within it (about 100 times the model's own 2 ms).</summary>
    private const double LatencyLimitMs = 250;

    /// <summary>Where the search starts when the probe saw no answer at all.</summary>
    private const double MinimumStartRate = 10;

    public string Name => "openloop";

    public async Task<ScenarioReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var probeClients = context.Timing.IsTiny ? 8 : 64;
        var report = context.NewReport(Name, "Open loop: 70 % and 120 % of the maximum sustainable rate",
            $"`{PerfModels.OcrBounded}` is the batched PaddleOCR classifier behind a queue of {PerfModels.BoundedQueueRows} rows. A closed-loop probe with " +
            $"{probeClients} clients gives a first guess of its capacity; short constant-rate open-loop steps then search the maximum sustainable rate " +
            "(×1.25 until a step fails, then bisection). Requests are sent at 70 % and 120 % of it, evenly spaced and as a " +
            "seeded Poisson process, without waiting for answers (at most " +
            $"{context.Timing.MaxOutstanding} outstanding). Latency counts from each request's intended send time. Refusals (429/503) are counted " +
            "and timed apart from answers. HTTP with binary tensors, response cache off.");
        await using var fabric = await context.StartFabricAsync(responseCache: false, orleansClient: false, cancellationToken);

        var payload = new FixedPayload(PerfInputs.Ocr(PerfModels.OcrBounded, fabric.MetadataOf(PerfModels.OcrBounded), context.Seed));
        var path = new HttpPath(fabric.Http, PerfModels.OcrBounded, payload, binary: true);
        var probe = await context.ClosedAsync(report, path, probeClients, $"probe, {probeClients} clients", cancellationToken);
        var search = new SustainableRateSearch { MaxSteps = context.Timing.SearchSteps, LatencyLimitMs = LatencyLimitMs };
        // A probe that saw no answer (a cold silo in the seconds-long tiny configuration) still gives the search a start.
        var start = Math.Max(probe.Throughput, MinimumStartRate);
        if (probe.Throughput < MinimumStartRate)
        {
            report.Notes.Add($"The probe measured {probe.Throughput.ToString("0.0", CultureInfo.InvariantCulture)} req/s; the search started at {MinimumStartRate} req/s instead.");
        }

        var capacity = await search.FindAsync(start, rate =>
            context.OpenAsync(report, path, $"search {rate.ToString("0", CultureInfo.InvariantCulture)} req/s", context.Timing.SearchAt(rate, context.Seed), cancellationToken));
        var drainMs = 1000.0 * PerfModels.BoundedQueueRows / capacity;
        report.Notes.Add(
            $"Maximum sustainable rate: {capacity.ToString("0.0", CultureInfo.InvariantCulture)} req/s, the highest constant rate of the search steps " +
            $"with no errors, ≤ 0.5 % refused, ≥ 90 % answered in time and p99 ≤ {LatencyLimitMs} ms " +
            $"(the {probeClients}-client probe, {probe.Throughput.ToString("0.0", CultureInfo.InvariantCulture)} req/s, was its start). " +
            $"A full queue of {PerfModels.BoundedQueueRows} rows drains in {drainMs.ToString("0", CultureInfo.InvariantCulture)} ms at that rate.");

        var runs = new List<(double Share, RunResult Result)>();
        foreach (var share in new[] { Below, Above })
        {
            foreach (var arrivals in new[] { ArrivalProcess.Constant, ArrivalProcess.Poisson })
            {
                var label = $"{share.ToString("P0", CultureInfo.InvariantCulture)} {arrivals.ToString().ToLowerInvariant()}";
                runs.Add((share, await context.OpenAsync(
                    report, path, label, context.Timing.Open(capacity * share, arrivals, context.Seed), cancellationToken)));
            }
        }

        foreach (var (share, run) in runs)
        {
            AddChecks(report, share, run, drainMs);
        }

        report.Plots.Add(PlotWriter.Bars(context.OutputFolder, "openloop-latency.png", "Open loop: answered latency from intended send time", "latency (ms)",
            [.. runs.Select(r => r.Result.Label)],
            [
                new BarGroup("p50", [.. runs.Select(r => r.Result.Latency.P50Ms)]),
                new BarGroup("p99", [.. runs.Select(r => r.Result.Latency.P99Ms)]),
                new BarGroup("p99.9", [.. runs.Select(r => r.Result.Latency.P999Ms)]),
                new BarGroup("refused p99", [.. runs.Select(r => r.Result.RefusedLatency.P99Ms)]),
            ]));
        report.Plots.Add(PlotWriter.Bars(context.OutputFolder, "openloop-outcomes.png", "Open loop: offered, answered and refused", "req/s",
            [.. runs.Select(r => r.Result.Label)],
            [
                new BarGroup("offered", [.. runs.Select(r => r.Result.OfferedRate ?? 0)]),
                new BarGroup("answered", [.. runs.Select(r => r.Result.Throughput)]),
                new BarGroup("refused", [.. runs.Select(r => r.Result.Refused / r.Result.MeasuredSeconds)]),
            ]));
        return report;
    }

    // Latency bounds: the objective below capacity; above it, the objective plus the time a full bounded queue takes
    // to drain at the sustainable rate, the most an admitted request should wait when the excess is refused.
    private static void AddChecks(ScenarioReport report, double share, RunResult run, double drainMs)
    {
        var offered = run.OfferedRate ?? 0;
        var sent = run.Completed + run.Refused + run.Errors;
        if (share < 1)
        {
            // Against the requests actually sent: a Poisson run sends the nominal rate only on average.
            report.Checks.Add(TargetCheck.AtLeast($"{run.Label}: answered share", sent == 0 ? 0 : (double)run.Completed / sent, 0.98, "x",
                $"{run.Completed} of {sent} sent ({offered} req/s offered); {run.Refused} refused, {run.Errors} errors"));
            report.Checks.Add(TargetCheck.AtMost($"{run.Label}: answered p99 bounded", run.Latency.P99Ms, LatencyLimitMs, " ms",
                "the latency objective the sustainable rate was found under"));
            return;
        }

        report.Checks.Add(TargetCheck.AtLeast($"{run.Label}: refused share", sent == 0 ? 0 : (double)run.Refused / sent, 0.05, "x",
            $"{run.Refused} of {sent} refused (the excess is 1 − 1/1.2 ≈ 0.17); {run.Errors} errors"));
        report.Checks.Add(TargetCheck.AtMost($"{run.Label}: failed share", sent == 0 ? 0 : (double)run.Errors / sent, 0.01, "x",
            $"{run.Errors} failed (timeouts, 5xx other than 503, sends over the outstanding bound): overload must be refused, not failed"));
        if (run.Refused > 0)
        {
            // Only meaningful when something was refused; with no refusals the refused share above already misses.
            report.Checks.Add(TargetCheck.AtMost($"{run.Label}: refusals' p99 under answers' p50", run.RefusedLatency.P99Ms, run.Latency.P50Ms, " ms",
                "a refusal must come back faster than a typical answer, not after queueing"));
        }

        report.Checks.Add(TargetCheck.AtMost($"{run.Label}: answered p99 bounded", run.Latency.P99Ms, Math.Round(LatencyLimitMs + drainMs), " ms",
            $"objective {LatencyLimitMs} ms + full-queue drain {drainMs.ToString("0", CultureInfo.InvariantCulture)} ms"));
    }
}
