using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Outcomes;

/// <summary>Combines an undelivered report with the next one, so the router receives every request exactly once.</summary>
internal static class OutcomeReports
{
    /// <summary>
    /// <paramref name="older"/> and <paramref name="newer"/> as one report over both intervals, with the newer in-flight
    /// counts. Arms of different releases are not mixed: the older release's are dropped (it has ended, and the router
    /// ignores outcomes of a release that is not running).
    /// </summary>
    public static OutcomeReport Combine(OutcomeReport older, OutcomeReport newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var (experiment, arms) = (older.Arms is { Count: > 0 }, newer.Arms is { Count: > 0 }) switch
        {
            (true, false) => (older.ExperimentId, older.Arms),
            (true, true) when older.ExperimentId == newer.ExperimentId => (newer.ExperimentId, Merge(older.Arms!, newer.Arms!)),
            _ => (newer.ExperimentId, newer.Arms),
        };

        return newer with
        {
            ExperimentId = experiment,
            Interval = older.Interval + newer.Interval,
            Versions = Merge(older.Versions, newer.Versions),
            Arms = arms,
        };
    }

    /// <summary>Requests of both in one entry per version.</summary>
    public static IReadOnlyList<VersionOutcomes> Merge(IReadOnlyList<VersionOutcomes> older, IReadOnlyList<VersionOutcomes> newer)
    {
        var merged = new List<VersionOutcomes>(older);
        foreach (var outcomes in newer)
        {
            var index = merged.FindIndex(o => o.Version == outcomes.Version);
            if (index < 0)
            {
                merged.Add(outcomes);
            }
            else
            {
                merged[index] = OutcomeAccumulator.Merge(merged[index], outcomes);
            }
        }

        return merged;
    }

    /// <summary>Requests of every version in <paramref name="report"/>, for logs.</summary>
    public static long RequestsIn(OutcomeReport report) => report.Versions.Sum(v => v.Requests);
}
