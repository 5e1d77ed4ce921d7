using System.Globalization;
using System.Text.Json;

namespace ServingFabric.Cli.Rendering;

/// <summary>
/// Renders events (<c>GET /v1/events</c>, or a model's recent events) as a table, oldest first; a "by" column names who
/// caused each change when any event has an actor.
/// </summary>
internal static class EventView
{
    public static string Render(JsonElement events, bool includeModel)
    {
        var entries = events.EnumerateArray().OrderBy(e => e.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        if (entries.Count == 0)
        {
            return "no events\n";
        }

        var withActor = entries.Any(e => ModelView.Str(e, "actor") != "-");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var entry in entries)
        {
            var time = entry.GetProperty("timestamp").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var sequence = entry.GetProperty("sequence").GetInt64().ToString(CultureInfo.InvariantCulture);
            List<string> row = includeModel ? [ModelView.Str(entry, "model")] : [];
            row.AddRange([sequence, time, ModelView.Str(entry, "kind"), ModelView.Str(entry, "replica"), ModelView.Str(entry, "zone")]);
            if (withActor)
            {
                row.Add(ModelView.Str(entry, "actor"));
            }

            row.Add(ModelView.Str(entry, "message"));
            rows.Add(row);
        }

        List<string> headers = includeModel ? ["model"] : [];
        headers.AddRange(["seq", "time (utc)", "kind", "replica", "zone"]);
        if (withActor)
        {
            headers.Add("by");
        }

        headers.Add("message");
        return TextTable.Render(headers, rows);
    }
}
