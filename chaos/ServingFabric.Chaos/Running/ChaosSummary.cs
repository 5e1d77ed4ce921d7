using ServingFabric.Chaos.Load;

namespace ServingFabric.Chaos.Running;

/// <summary>Attributes every request to the fault it ended under and sums the run.</summary>
internal static class ChaosSummary
{
    private const double BeforeSeconds = 15;

    /// <summary>
    /// Each fault owns the requests that ended (answered, failed or timed out) from its injection until the next fault's
    /// injection (the last: until the end), so the faults' counts plus the quiet start add up to the run's. By end, not by
    /// due time: a request sent just before a silo froze and timed out on it is the freeze's failure, not the fault before.
    /// </summary>
    public static ChaosRunResult Summarize(
        int seed, double rate, IReadOnlyList<RequestRecord> records, IReadOnlyList<FaultResult> faults, int? readyAtEnd, IReadOnlyList<string> skipped)
    {
        var end = records.Count == 0 ? 0 : records.Max(r => r.EndedAt) + 1;
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            var next = i + 1 < faults.Count ? faults[i + 1].InjectedAt : end;
            var recovered = fault.RecoverySeconds is { } r ? fault.InjectedAt + r : fault.EndedAt;
            var owned = records.Where(x => x.EndedAt >= fault.InjectedAt && x.EndedAt < next).ToList();
            fault.Sent = owned.Count;
            fault.Failed = owned.Count(x => !x.Succeeded);
            fault.FailuresByCause = ByCause(owned);
            fault.Before = Window.Of(records, fault.InjectedAt - BeforeSeconds, fault.InjectedAt);
            fault.During = Window.Of(records, fault.InjectedAt, Math.Max(recovered, fault.EndedAt));
            fault.After = Window.Of(records, Math.Max(recovered, fault.EndedAt), next);
        }

        return new ChaosRunResult
        {
            Seed = seed,
            Rate = rate,
            DurationSeconds = Math.Round(end, 1),
            Sent = records.Count,
            Failed = records.Count(r => !r.Succeeded),
            FailuresByCause = ByCause(records),
            SentByPath = records.GroupBy(r => r.Path).ToDictionary(g => g.Key, g => (long)g.Count()),
            Faults = faults,
            ReadyReplicasAtEnd = readyAtEnd,
            Skipped = skipped,
        };
    }

    private static Dictionary<string, long> ByCause(IEnumerable<RequestRecord> records) =>
        records.Where(r => !r.Succeeded).GroupBy(r => $"{r.Path}: {r.Failure}").OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => (long)g.Count());
}
