using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// The availability SLI of a model from its fronts' reports: each report's valid and good requests go into the
/// buckets of the minute, hour and day the router received it in; the 5-minute and 1-hour windows sum minute buckets,
/// the 1-day window hour buckets and the 30-day window day buckets (so a window's start moves by its bucket size: the
/// 1-day window covers the current hour and the 23 before it). Pure: the state is the router's, the time is given.
/// </summary>
internal static class AvailabilityLedger
{
    /// <summary>The most versions kept; beyond it the version idle the longest is dropped.</summary>
    public const int MaxVersions = 32;

    private static readonly Scale Minute = new(60, 60, v => v.Minutes);
    private static readonly Scale Hour = new(3600, 24, v => v.Hours);
    private static readonly Scale Day = new(86_400, 30, v => v.Days);
    private static readonly Scale[] Scales = [Minute, Hour, Day];

    /// <summary>The windows reported, shortest first: name, bucket scale and buckets summed.</summary>
    private static readonly (string Name, Scale Scale, int Buckets)[] Windows =
        [("5m", Minute, 5), ("1h", Minute, 60), ("1d", Hour, 24), ("30d", Day, 30)];

    /// <summary>Adds <paramref name="report"/>'s SLI counts at <paramref name="now"/>; true when anything counted.</summary>
    public static bool Record(AvailabilityState state, OutcomeReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(report);
        var changed = false;
        var seconds = now.ToUnixTimeSeconds();
        foreach (var outcomes in report.Versions)
        {
            if (outcomes.Valid <= 0 || outcomes.Good < 0 || outcomes.Good > outcomes.Valid)
            {
                // A report from a cluster client is not trusted to be coherent: nothing valid, or more good than valid, counts nowhere.
                continue;
            }

            Add(state, outcomes.Version, outcomes.Valid, outcomes.Good, seconds);
            changed = true;
        }

        return changed;
    }

    /// <summary>Adds one probe of <paramref name="version"/> at <paramref name="now"/>.</summary>
    public static void RecordProbe(AvailabilityState state, string version, bool good, DateTimeOffset now) =>
        Add(state, version, 1, good ? 1 : 0, now.ToUnixTimeSeconds());

    private static void Add(AvailabilityState state, string name, long valid, long good, long seconds)
    {
        var version = VersionOf(state, name, seconds);
        foreach (var scale in Scales)
        {
            scale.Add(scale.Of(version), seconds, valid, good);
        }
    }

    /// <summary>Drops buckets older than their scale keeps, and versions with none left.</summary>
    public static void Trim(AvailabilityState state, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        foreach (var version in state.Versions)
        {
            foreach (var scale in Scales)
            {
                scale.Trim(scale.Of(version), seconds);
            }
        }

        state.Versions.RemoveAll(v => v.Days.Count == 0);
    }

    /// <summary>Each window for the whole model and per version, at <paramref name="now"/>.</summary>
    public static ModelAvailability View(AvailabilityState state, ServiceLevelObjective objective, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var versions = state.Versions
            .Select(v => new VersionAvailability(v.Version, Windows.Select(w => Sum(w.Name, w.Scale, w.Buckets, [v], seconds)).ToList()))
            .Where(v => v.Windows[^1].Valid > 0)
            .OrderBy(v => v.Version, StringComparer.Ordinal)
            .ToList();
        var model = Windows.Select(w => Sum(w.Name, w.Scale, w.Buckets, state.Versions, seconds)).ToList();
        return new ModelAvailability(objective, model, versions);
    }

    private static AvailabilityWindow Sum(string name, Scale scale, int buckets, IEnumerable<VersionAvailabilityState> versions, long now)
    {
        var from = scale.StartOf(now) - ((buckets - 1) * scale.Seconds);
        long valid = 0, good = 0;
        foreach (var version in versions)
        {
            foreach (var bucket in scale.Of(version))
            {
                if (bucket.Start >= from && bucket.Start <= now)
                {
                    valid += bucket.Valid;
                    good += bucket.Good;
                }
            }
        }

        return new AvailabilityWindow(name, valid, good);
    }

    private static VersionAvailabilityState VersionOf(AvailabilityState state, string name, long now)
    {
        var version = state.Versions.Find(v => v.Version == name);
        if (version is not null)
        {
            return version;
        }

        Trim(state, DateTimeOffset.FromUnixTimeSeconds(now));
        if (state.Versions.Count >= MaxVersions)
        {
            var idlest = state.Versions.MinBy(v => v.Minutes.Count > 0 ? v.Minutes[^1].Start : v.Days.Count > 0 ? v.Days[^1].Start : long.MinValue)!;
            state.Versions.Remove(idlest);
        }

        version = new VersionAvailabilityState { Version = name };
        state.Versions.Add(version);
        return version;
    }

    /// <summary>A bucket size, how many buckets of it are kept, and where a version keeps them.</summary>
    private sealed record Scale(long Seconds, int Kept, Func<VersionAvailabilityState, List<AvailabilityBucket>> Of)
    {
        public long StartOf(long seconds) => seconds - (((seconds % Seconds) + Seconds) % Seconds);

        public void Add(List<AvailabilityBucket> buckets, long now, long valid, long good)
        {
            var start = StartOf(now);
            if (buckets.Count > 0 && buckets[^1].Start == start)
            {
                buckets[^1].Valid += valid;
                buckets[^1].Good += good;
            }
            else
            {
                // Time moves forward at the router; a bucket from a clock set back is kept in order all the same.
                var at = buckets.FindLastIndex(b => b.Start < start) + 1;
                if (at < buckets.Count && buckets[at].Start == start)
                {
                    buckets[at].Valid += valid;
                    buckets[at].Good += good;
                }
                else
                {
                    buckets.Insert(at, new AvailabilityBucket { Start = start, Valid = valid, Good = good });
                }
            }

            Trim(buckets, now);
        }

        public void Trim(List<AvailabilityBucket> buckets, long now)
        {
            var oldest = StartOf(now) - ((Kept - 1) * Seconds);
            buckets.RemoveAll(b => b.Start < oldest);
        }
    }
}
