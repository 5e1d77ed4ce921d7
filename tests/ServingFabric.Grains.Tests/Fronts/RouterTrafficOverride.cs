using System.Collections.Concurrent;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// Test-only control of a model's traffic policy without the router's release machinery: the routing tables the
/// router hands out carry the policy a test sets (see <see cref="RouterTrafficFilter"/>), and every outcome report the
/// fronts send the router is kept for the test to read.
/// </summary>
public sealed class RouterTrafficOverride
{
    private readonly ConcurrentDictionary<string, TrafficPolicy> _traffic = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<OutcomeReport>> _reports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _refused = new(StringComparer.Ordinal);

    public void Set(string model, TrafficPolicy traffic) => _traffic[model] = traffic;

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _stalled = new(StringComparer.Ordinal);
    private int _stalledCalls;

    /// <summary>How many routing-table calls reached a stalled router.</summary>
    public int StalledCalls => Volatile.Read(ref _stalledCalls);

    /// <summary>Until <see cref="Resume"/>, the router of <paramref name="model"/> does not answer routing-table calls (a frozen silo).</summary>
    public void Stall(string model) => _stalled.TryAdd(model, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets the stalled routing-table calls of <paramref name="model"/> answer.</summary>
    public void Resume(string model)
    {
        if (_stalled.TryRemove(model, out var stall))
        {
            stall.TrySetResult();
        }
    }

    /// <summary>Waits while the router of <paramref name="model"/> is stalled.</summary>
    public Task WhileStalledAsync(string model)
    {
        if (!_stalled.TryGetValue(model, out var stall))
        {
            return Task.CompletedTask;
        }

        Interlocked.Increment(ref _stalledCalls);
        return stall.Task;
    }

    public TrafficPolicy? TrafficOf(string model) => _traffic.GetValueOrDefault(model);

    public void Received(string model, OutcomeReport report) => _reports.GetOrAdd(model, _ => new()).Enqueue(report);

    /// <summary>While set, the router of <paramref name="model"/> refuses outcome reports (a router that cannot be reached).</summary>
    public void RefuseReports(string model, bool refuse)
    {
        if (refuse)
        {
            _refused.TryAdd(model, 0);
        }
        else
        {
            _refused.TryRemove(model, out _);
        }
    }

    /// <summary>Counts a refused report; false when the model's reports are accepted.</summary>
    public bool TryRefuse(string model)
    {
        while (_refused.TryGetValue(model, out var count))
        {
            if (_refused.TryUpdate(model, count + 1, count))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reports refused so far while refusal is on.</summary>
    public int RefusedCount(string model) => _refused.GetValueOrDefault(model);

    /// <summary>The reports received for <paramref name="model"/> so far.</summary>
    public IReadOnlyList<OutcomeReport> ReportsOf(string model) => _reports.TryGetValue(model, out var queue) ? [.. queue] : [];

    /// <summary>
    /// Waits until the reports of <paramref name="model"/> satisfy <paramref name="condition"/>: the fronts flush every
    /// 100 ms, and a flush may be on its way to the router when a test has its answers.
    /// </summary>
    public async Task<IReadOnlyList<OutcomeReport>> WaitForReportsAsync(string model, Func<IReadOnlyList<OutcomeReport>, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!deadline.IsCancellationRequested)
        {
            var reports = ReportsOf(model);
            if (condition(reports))
            {
                return reports;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        var last = ReportsOf(model);
        throw new TimeoutException($"the reports of model {model} did not reach the expected state within 30 s; versions seen: " +
            string.Join(", ", last.SelectMany(r => r.Versions).GroupBy(v => v.Version).Select(g => $"{g.Key}: {g.Sum(v => v.Requests)} requests")));
    }
}
