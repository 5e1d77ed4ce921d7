using System.Diagnostics;
using System.Globalization;

namespace ServingFabric.Perf.Measurement;

/// <summary>
/// Open loop: requests leave at scheduled times whether or not earlier ones were answered, and latency runs from the
/// intended send time, so a stalled server or a late generator shows up as latency instead of hiding as fewer
/// requests (no coordinated omission). Refusals (429/503) get their own histogram: how fast the fabric says no.
/// </summary>
internal static class OpenLoopRunner
{
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(1);

    public static async Task<RunResult> RunAsync(IRequestPath path, OpenLoopOptions options, string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var recording = new OpenLoopRecording(options.MaxOutstanding);
        var end = options.Warmup + options.Duration;
        var started = Stopwatch.GetTimestamp();
        long sequence = 0;
        foreach (var offset in ArrivalSchedule.Offsets(options.Arrivals, options.Rate, options.Seed))
        {
            if (offset >= end)
            {
                break;
            }

            var wait = offset - Stopwatch.GetElapsedTime(started);
            if (wait >= TimerSlack)
            {
                // Timers fire late, never early; sends that come due meanwhile leave together, still timed from their intended moment.
                await Task.Delay(wait, cancellationToken);
            }

            var intended = started + (long)(offset.TotalSeconds * Stopwatch.Frequency);
            var measured = offset >= options.Warmup;
            if (!recording.TryBegin(measured))
            {
                continue;
            }

            _ = CompleteAsync(path, ++sequence, intended, measured, recording);
        }

        var drained = await recording.DrainAsync(options.DrainTimeout, cancellationToken);

        // Answers per second over the time they actually took to come back: a server that falls behind answers late,
        // and counting those late answers against the sending time alone would report the offered rate as achieved.
        var measureStart = started + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var answeredSeconds = recording.LastAnswer == 0 ? 0 : (recording.LastAnswer - measureStart) / (double)Stopwatch.Frequency;
        var seconds = Math.Max(options.Duration.TotalSeconds, answeredSeconds);
        var (ok, refused) = (recording.TakeOk(), recording.TakeRefused());
        return new RunResult
        {
            Label = label,
            Path = path.Name,
            Model = path.Model,
            Loop = "open",
            OfferedRate = Math.Round(options.Rate, 1),
            Arrivals = options.Arrivals.ToString().ToLower(CultureInfo.InvariantCulture),
            RowsPerRequest = path.RowsPerRequest,
            MeasuredSeconds = Math.Round(seconds, 3),
            Throughput = Math.Round(ok.TotalCount / seconds, 1),
            Completed = ok.TotalCount,
            Errors = recording.Errors + (drained ? 0 : recording.Outstanding),
            Refused = refused.TotalCount,
            Dropped = recording.Dropped,
            MaxOutstanding = recording.MaxOutstanding,
            FirstError = !drained
                ? $"{recording.Outstanding} requests still unanswered {options.DrainTimeout.TotalSeconds} s after the last send"
                : recording.FirstError ?? (recording.Dropped > 0
                    ? $"{recording.Dropped} sends skipped: {options.MaxOutstanding} requests were already unanswered"
                    : null),
            Latency = LatencySummary.From(ok),
            RefusedLatency = LatencySummary.From(refused),
        };
    }

    private static async Task CompleteAsync(IRequestPath path, long sequence, long intended, bool measured, OpenLoopRecording recording)
    {
        try
        {
            var outcome = await path.SendAsync(sequence);
            recording.Record(outcome, LatencyHistograms.MicrosecondsSince(intended), measured);
        }
        catch (Exception ex)
        {
            recording.Fail(ex, measured);
        }
        finally
        {
            recording.End();
        }
    }
}
