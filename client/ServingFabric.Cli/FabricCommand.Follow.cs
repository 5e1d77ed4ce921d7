using System.Text.Json;
using ServingFabric.Cli.Rendering;

namespace ServingFabric.Cli;

internal static partial class FabricCommand
{
    /// <summary>
    /// <c>fabric events --follow</c>: prints the log, then polls <c>GET /v1/events</c> every interval and prints only
    /// events not seen yet, oldest first, until --timeout (exit 0) or Ctrl+C (130).
    /// </summary>
    /// <remarks>
    /// Sequence numbers are per model, so the cursor is too: with --model the gateway filters by it (<c>after=</c>);
    /// across models one <c>after</c> cannot serve every model, so fabric asks from the starting point and drops what it printed.
    /// </remarks>
    private static async Task<int> FollowAsync(ListEventsCommand follow, Session session, CancellationToken cancellationToken)
    {
        var environment = session.Environment;
        var deadline = follow.Timeout is { } timeout ? environment.Time.GetUtcNow() + timeout : DateTimeOffset.MaxValue;
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var printedTable = false;
        while (true)
        {
            var after = follow.Model is { } model && seen.TryGetValue(model, out var last) ? last : follow.After;
            using var answer = await session.Api.ListEventsAsync(follow.Model, after, cancellationToken);
            var fresh = answer.RootElement.GetProperty("events").EnumerateArray()
                .Where(e => e.GetProperty("sequence").GetInt64() > seen.GetValueOrDefault(ModelView.Str(e, "model"), follow.After))
                .OrderBy(e => e.GetProperty("timestamp").GetDateTimeOffset())
                .ThenBy(e => e.GetProperty("sequence").GetInt64())
                .ToList();
            foreach (var entry in fresh)
            {
                var name = ModelView.Str(entry, "model");
                seen[name] = Math.Max(seen.GetValueOrDefault(name), entry.GetProperty("sequence").GetInt64());
            }

            await PrintEventsAsync(session, follow, fresh, showHeaders: !printedTable);
            printedTable |= fresh.Count > 0;
            var now = environment.Time.GetUtcNow();
            if (now >= deadline)
            {
                return Ok;
            }

            await environment.Delay(follow.Interval < deadline - now ? follow.Interval : deadline - now, cancellationToken);
        }
    }

    private static async Task PrintEventsAsync(Session session, ListEventsCommand follow, List<JsonElement> events, bool showHeaders)
    {
        if (follow.Output == OutputFormat.Json)
        {
            foreach (var entry in events)
            {
                await JsonOutput.WriteLineAsync(session.Output, entry);
            }
        }
        else if (events.Count > 0)
        {
            EventView.Write(session.Console, events, includeModel: true, showHeaders);
        }
    }
}
