using System.CommandLine;
using System.Globalization;

namespace ServingFabric.Cli;

/// <summary>The commands that only read: models get, events, versions list, experiment get, scaling get.</summary>
internal static class LookCommands
{
    public static LeafCommand ModelsGet()
    {
        var name = Words.Model("name");
        var command = new LeafCommand("get", "versions, replicas (silo, zone, state, health), traffic, release, scaling", "fabric models get iris",
            (parse, url) => new GetModelCommand(url, parse.GetValue(name)!)) { name };
        return command;
    }

    public static LeafCommand Events()
    {
        var model = FabricOptions.Text("--model", "iris", "only this model's events");
        var after = FabricOptions.Text("--after", "42", "only events after this sequence number (the last one you saw)");
        var follow = FabricOptions.Flag("--follow", "keep printing new events as they arrive, until Ctrl+C or --timeout");
        var interval = FabricOptions.Number("--interval", "2", "with --follow: seconds between polls (default 2)");
        var timeout = FabricOptions.Number("--timeout", "600", "with --follow: stop after this many seconds (default: only Ctrl+C stops)");
        return new LeafCommand("events", "the event log (replicas, versions, releases, scaling; who and why)", "fabric events --model iris", (parse, url) =>
        {
            var following = parse.GetValue(follow);
            if (!following && (parse.GetValue(interval) is not null || parse.GetValue(timeout) is not null))
            {
                throw new CliUsageException("--interval and --timeout only apply with --follow");
            }

            var seconds = parse.GetValue(interval) ?? 2;
            return seconds is >= 0.5 and <= 3600
                ? new ListEventsCommand(url, parse.GetValue(model), ParseAfter(parse.GetValue(after)))
                {
                    Follow = following,
                    Interval = TimeSpan.FromSeconds(seconds),
                    Timeout = parse.GetValue(timeout) is null ? null : Words.TimeoutOf(parse, timeout, 0),
                }
                : throw new CliUsageException($"--interval must be 0.5 to 3600 seconds; got {seconds.ToString(CultureInfo.InvariantCulture)}");
        }) { model, after, follow, interval, timeout };
    }

    public static LeafCommand VersionsList()
    {
        var model = Words.Model();
        return new LeafCommand("list", "every version: lifecycle, default, traffic share, SHA-256, who registered it", "fabric versions list iris",
            (parse, url) => new ListVersionsCommand(url, parse.GetValue(model)!)) { model };
    }

    public static LeafCommand ExperimentGet()
    {
        var model = Words.Model();
        var watch = FabricOptions.Flag("--watch", "refresh until the release ends, Ctrl+C, or --timeout");
        var interval = FabricOptions.Number("--interval", "5", "with --watch: seconds between refreshes (default 5)");
        var timeout = FabricOptions.Number("--timeout", "3600", "with --watch: the longest time to watch in seconds (default 3600)");
        return new LeafCommand("get", "the canary or A/B test: arms, tests (estimate, always-valid interval, p-value), decision and why",
            "fabric experiment get iris --watch --interval 5", (parse, url) =>
            {
                var seconds = parse.GetValue(interval) ?? 5;
                var limit = parse.GetValue(timeout) ?? 3600;
                if (!parse.GetValue(watch) && (parse.GetValue(interval) is not null || parse.GetValue(timeout) is not null))
                {
                    throw new CliUsageException("--interval and --timeout only apply with --watch");
                }

                return seconds is >= 0.5 and <= 3600 && limit is > 0 and <= 7 * 86400
                    ? new GetExperimentCommand(url, parse.GetValue(model)!, parse.GetValue(watch), TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(limit))
                    : throw new CliUsageException($"--interval must be 0.5 to 3600 seconds and --timeout above 0 and at most a week (604800); got {seconds} and {limit}");
            }) { model, watch, interval, timeout };
    }

    public static LeafCommand ScalingGet()
    {
        var model = Words.Model();
        return new LeafCommand("get", "scaling settings, replicas per version, recent decisions", "fabric scaling get iris",
            (parse, url) => new GetScalingCommand(url, parse.GetValue(model)!)) { model };
    }

    public static LeafCommand SecretsStatus() =>
        new("status", "each referenced secret: store, component, version, age, last rotation, next check, last error (never a value)",
            "fabric secrets status", (_, url) => new SecretsStatusCommand(url));

    public static LeafCommand SecretsAudit()
    {
        var limit = FabricOptions.Number("--limit", "100", "how many of the most recent accesses (1 to 1000, default 100)");
        return new LeafCommand("audit", "the answering silo's most recent secret accesses: time, secret, version, component, outcome",
            "fabric secrets audit --limit 20", (parse, url) =>
            {
                var count = parse.GetValue(limit) ?? 100;
                return count is >= 1 and <= 1000 && count == Math.Floor(count)
                    ? new SecretsAuditCommand(url, (int)count)
                    : throw new CliUsageException($"--limit must be a whole number from 1 to 1000; got {count.ToString(CultureInfo.InvariantCulture)}");
            }) { limit };
    }

    private static long ParseAfter(string? text) =>
        text is null ? 0
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after
        : throw new CliUsageException($"--after '{text}' is not a sequence number; give 0 or more, such as the last sequence you saw");
}
