using System.Collections.Concurrent;
using System.Diagnostics;
using ServingFabric.Client;
using ServingFabric.Protocol;
using ServingFabric.Inference;
using ServingFabric.Tests.Shared;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// A steady, bounded closed loop: a few workers each send one idempotent iris inference at a time through the SDK and
/// check the answer against the reference, until stopped or until the time cap passes, so a test can never hang on
/// it. A request once sent is always awaited to its end: stopping never turns a request into a failure.
/// </summary>
internal sealed class ClosedLoopLoad
{
    private const int RowsPerWorker = 64;

    private readonly IInferenceClient _client;
    private readonly TimeSpan _requestTimeout;
    private readonly Workload? _workload;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly Task[] _workers;
    private readonly ConcurrentQueue<(TimeSpan At, double Milliseconds)> _latencies = new();
    private long _sent;
    private long _failed;
    private long _slowest;

    private ClosedLoopLoad(IInferenceClient client, int workers, TimeSpan cap, TimeSpan requestTimeout, Workload? workload)
    {
        _client = client;
        _requestTimeout = requestTimeout;
        _workload = workload;
        _stop = new CancellationTokenSource(cap);
        _workers = Enumerable.Range(0, workers).Select(w => Task.Run(() => RunAsync(w))).ToArray();
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Failed => Interlocked.Read(ref _failed);

    public TimeSpan SlowestRequest => TimeSpan.FromTicks(Interlocked.Read(ref _slowest));

    /// <summary>Time since the load started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The latency (ms) at quantile <paramref name="q"/> of requests that ended after <paramref name="since"/>; null when none did.</summary>
    public double? LatencyQuantile(double q, TimeSpan since)
    {
        var recent = _latencies.Where(l => l.At >= since).Select(l => l.Milliseconds).Order().ToArray();
        return recent.Length == 0 ? null : recent[Math.Min(recent.Length - 1, (int)Math.Ceiling(q * recent.Length) - 1)];
    }

    /// <summary>The first failures, with their time since the load started.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Builds worker <c>w</c>'s <c>i</c>-th request and a check of its answer (null: correct, else what is wrong).</summary>
    public delegate (InferenceRequest Request, Func<InferenceResponse, string?> Check) Workload(int worker, int i);

    /// <param name="workload">What to send; null: iris rows checked against the reference.</param>
    public static ClosedLoopLoad Start(IInferenceClient client, int workers, TimeSpan cap, TimeSpan requestTimeout, Workload? workload = null) =>
        new(client, workers, cap, requestTimeout, workload);

    /// <summary>Waits until <paramref name="count"/> more requests completed (a sign of steady traffic), within a limit.</summary>
    public async Task WaitForMoreAsync(long count, TimeSpan limit)
    {
        var target = Sent + count;
        using var timeout = new CancellationTokenSource(limit);
        while (Sent < target)
        {
            if (_stop.IsCancellationRequested)
            {
                throw new InvalidOperationException($"the load stopped (time cap) before {count} more requests were sent");
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Stops the workers and waits for them; a second call does nothing.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }

    private int _stopped;

    private async Task RunAsync(int worker)
    {
        var rows = IrisReference.Rows(RowsPerWorker, seed: 1000 + worker);
        var workload = _workload ?? ((w, i) =>
        {
            var row = rows.AsSpan((i % RowsPerWorker) * 4, 4).ToArray();
            var expected = IrisReference.Compute(row).Label;
            var request = new InferenceRequestBuilder("iris").WithId($"w{w}-{i}").AddInput("input", [1, 4], row).WithTimeout(_requestTimeout).Build();
            return (request, response => response.GetOutput("label").ToArray<long>()[0] is var label && label != expected ? $"label {label}, expected {expected}" : null);
        });
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var (request, check) = workload(worker, i);
            Interlocked.Increment(ref _sent);
            var started = Stopwatch.GetTimestamp();
            try
            {
                // No stop token here: a request in flight always runs to its own end.
                var response = await _client.InferAsync(request);
                if (check(response) is { } wrong)
                {
                    Fail($"{request.Id}: {wrong}");
                }
            }
            catch (Exception ex) when (ex is InferenceException or HttpRequestException or OperationCanceledException)
            {
                Fail($"{request.Id}: {(ex as InferenceException)?.Kind} {ex.Message}");
            }

            var ticks = Stopwatch.GetElapsedTime(started).Ticks;
            _latencies.Enqueue((_clock.Elapsed, TimeSpan.FromTicks(ticks).TotalMilliseconds));
            long seen;
            while (ticks > (seen = Interlocked.Read(ref _slowest)) && Interlocked.CompareExchange(ref _slowest, ticks, seen) != seen)
            {
            }
        }
    }

    private void Fail(string message)
    {
        Interlocked.Increment(ref _failed);
        if (_failures.Count < 20)
        {
            _failures.Enqueue($"+{_clock.Elapsed.TotalSeconds:F1}s {message}");
        }
    }
}
