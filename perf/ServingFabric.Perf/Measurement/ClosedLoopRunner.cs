using System.Diagnostics;

namespace ServingFabric.Perf.Measurement;

/// <summary>
/// Closed loop: N clients each send, await the answer, and send again. Latency runs from the send to the answer
/// (the next send is intended only then, so nothing is omitted); throughput is counted per window until the last
/// windows agree (<see cref="StabilityRule"/>) or the time limit is reached.
/// </summary>
internal static class ClosedLoopRunner
{
    public static async Task<RunResult> RunAsync(IRequestPath path, ClosedLoopOptions options, string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var recording = new ClosedLoopRecording();
        var workers = new Task[options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(path, recording), CancellationToken.None);
        }

        try
        {
            await Task.Delay(options.Warmup, cancellationToken);
            recording.TakeWindow();
            return await MeasureAsync(path, options, label, recording, cancellationToken);
        }
        finally
        {
            // Clients finish the request they are in rather than abandoning it, so the silo is quiet for the next run.
            recording.Stop();
            await Task.WhenAll(workers);
        }
    }

    private static async Task<RunResult> MeasureAsync(
        IRequestPath path, ClosedLoopOptions options, string label, ClosedLoopRecording recording, CancellationToken cancellationToken)
    {
        var ok = LatencyHistograms.Create();
        var refused = LatencyHistograms.Create();
        var windows = new List<double>();
        long errors = 0;
        var cpuStarted = options.ServerCpu?.Invoke();
        var processStarted = ProcessCost.Now();
        var started = Stopwatch.GetTimestamp();
        var windowStarted = started;
        var stable = false;
        using var timer = new PeriodicTimer(options.Window);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var window = recording.TakeWindow();
            var now = Stopwatch.GetTimestamp();
            windows.Add(window.Ok.TotalCount / Stopwatch.GetElapsedTime(windowStarted, now).TotalSeconds);
            windowStarted = now;
            ok.Add(window.Ok);
            refused.Add(window.Refused);
            errors += window.Errors;

            stable = options.Stability.IsStable(windows);
            var elapsed = Stopwatch.GetElapsedTime(started, now);
            if (windows.Count >= options.MinWindows && (stable || elapsed >= options.MaxMeasure))
            {
                break;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started, windowStarted).TotalSeconds;
        var cpu = options.ServerCpu?.Invoke() - cpuStarted;
        var process = ProcessCost.Now();
        return new RunResult
        {
            Label = label,
            Path = path.Name,
            Model = path.Model,
            Loop = "closed",
            Concurrency = options.Concurrency,
            RowsPerRequest = path.RowsPerRequest,
            MeasuredSeconds = Math.Round(seconds, 3),
            Throughput = Math.Round(ok.TotalCount / seconds, 1),
            Completed = ok.TotalCount,
            Errors = errors,
            Refused = refused.TotalCount,
            FirstError = recording.FirstError,
            Latency = LatencySummary.From(ok),
            RefusedLatency = LatencySummary.From(refused),
            WindowThroughputs = [.. windows.Select(w => Math.Round(w, 1))],
            Stable = stable,
            MaxOutstanding = options.Concurrency,
            ServerCpuCores = cpu is { } busy ? Math.Round(busy.TotalSeconds / Stopwatch.GetElapsedTime(started).TotalSeconds, 3) : null,
            ServerCpuMsPerRequest = cpu is { } used && ok.TotalCount > 0 ? Math.Round(used.TotalMilliseconds / ok.TotalCount, 4) : null,
            ProcessAllocatedBytesPerRequest = process.AllocatedBytesPerRequest(processStarted, ok.TotalCount),
            ProcessCpuMsPerRequest = process.CpuMsPerRequest(processStarted, ok.TotalCount),
        };
    }

    private static async Task WorkAsync(IRequestPath path, ClosedLoopRecording recording)
    {
        while (!recording.Stopping)
        {
            var sequence = recording.NextSequence();
            var started = Stopwatch.GetTimestamp();
            try
            {
                var outcome = await path.SendAsync(sequence);
                recording.Record(outcome, LatencyHistograms.MicrosecondsSince(started));
            }
            catch (Exception ex)
            {
                recording.Fail(ex);
            }
        }
    }
}
