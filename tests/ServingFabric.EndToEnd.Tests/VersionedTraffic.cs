using System.Collections.Concurrent;
using ServingFabric.Client;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Bounded closed-loop traffic for release tests: workers send unversioned iris requests, each with a fresh request id
/// (so the router's sticky split spreads them over the arms), and count answers per serving version and failures per
/// status, in phases a test can start afresh to ask "since then, who answered?". Stops by itself at the time cap.
/// </summary>
internal sealed class VersionedTraffic
{
    private readonly IInferenceClient _client;
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _workers;
    private readonly string _model;
    private Phase _phase = new();

    private VersionedTraffic(IInferenceClient client, string model, int workers, TimeSpan cap)
    {
        _client = client;
        _model = model;
        _stop = new CancellationTokenSource(cap);
        _workers = Enumerable.Range(0, workers).Select(w => Task.Run(() => RunAsync(w))).ToArray();
    }

    /// <summary>What was answered since the current phase began.</summary>
    public Phase Current => Volatile.Read(ref _phase);

    public static VersionedTraffic Start(IInferenceClient client, string model, int workers, TimeSpan cap) => new(client, model, workers, cap);

    /// <summary>Begins a new phase; the previous one is returned, complete up to this moment.</summary>
    public Phase NextPhase() => Interlocked.Exchange(ref _phase, new Phase());

    /// <summary>Waits until the current phase has <paramref name="count"/> completed requests, within a limit.</summary>
    public async Task WaitForAsync(long count, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (Current.Completed < count)
        {
            if (_stop.IsCancellationRequested)
            {
                throw new InvalidOperationException($"the traffic stopped (time cap) before {count} requests completed in this phase");
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }

    private async Task RunAsync(int worker)
    {
        var rows = IrisReference.Rows(64, seed: 2000 + worker);
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var row = rows.AsSpan((i % 64) * 4, 4).ToArray();
            var request = new InferenceRequestBuilder(_model).WithId($"r{worker}-{i}").AddInput("input", [1, 4], row).WithTimeout(TimeSpan.FromSeconds(10)).Build();
            var phase = Current;
            try
            {
                var response = await _client.InferAsync(request);
                var label = response.GetOutput("label").ToArray<long>()[0];
                phase.Answered(response.ModelVersion, label == IrisReference.Compute(row).Label);
            }
            catch (InferenceException ex)
            {
                phase.Failed($"{ex.StatusCode}", ex.Message);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                phase.Failed(ex.GetType().Name, ex.Message);
            }
        }
    }

    /// <summary>Counts of one phase.</summary>
    internal sealed class Phase
    {
        private readonly ConcurrentDictionary<string, long> _byVersion = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> _wrongByVersion = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _examples = new();
        private long _completed;

        public long Completed => Interlocked.Read(ref _completed);

        public long WrongAnswers => _wrongByVersion.Values.Sum();

        public IReadOnlyDictionary<string, long> ByVersion => _byVersion;

        public IReadOnlyDictionary<string, long> Failures => _failures;

        /// <summary>Answers that differ from the float reference, by the version that gave them.</summary>
        public IReadOnlyDictionary<string, long> WrongByVersion => _wrongByVersion;

        public long FailedTotal => _failures.Values.Sum();

        public IReadOnlyCollection<string> Examples => _examples;

        public void Answered(string version, bool correct)
        {
            _byVersion.AddOrUpdate(version, 1, (_, n) => n + 1);
            if (!correct)
            {
                _wrongByVersion.AddOrUpdate(version, 1, (_, n) => n + 1);
            }

            Interlocked.Increment(ref _completed);
        }

        public void Failed(string kind, string message)
        {
            _failures.AddOrUpdate(kind, 1, (_, n) => n + 1);
            if (_examples.Count < 10)
            {
                _examples.Enqueue($"{kind}: {message}");
            }

            Interlocked.Increment(ref _completed);
        }

        public override string ToString() =>
            $"{Completed} completed; answered by version: {string.Join(", ", _byVersion.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}; " +
            $"failed: {(_failures.IsEmpty ? "none" : string.Join(", ", _failures.Select(p => $"{p.Key}={p.Value}")))}; wrong answers: {WrongAnswers}";
    }
}
