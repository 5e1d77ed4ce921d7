using System.Globalization;
using System.Text.Json;

namespace ServingFabric.Cli.Rendering;

/// <summary>Renders events (<c>GET /v1/events</c>, or a model's recent events) as a table, oldest first.</summary>
internal static class EventView
{
    public static string Render(JsonElement events, bool includeModel)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var entry in events.EnumerateArray().OrderBy(e => e.GetProperty("timestamp").GetDateTimeOffset()))
        {
            var time = entry.GetProperty("timestamp").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var sequence = entry.GetProperty("sequence").GetInt64().ToString(CultureInfo.InvariantCulture);
            List<string> row = includeModel ? [ModelView.Str(entry, "model")] : [];
            row.AddRange([sequence, time, ModelView.Str(entry, "kind"), ModelView.Str(entry, "replica"), ModelView.Str(entry, "zone"), ModelView.Str(entry, "message")]);
            rows.Add(row);
        }

        if (rows.Count == 0)
        {
            return "no events\n";
        }

        List<string> headers = includeModel ? ["model"] : [];
        headers.AddRange(["seq", "time (utc)", "kind", "replica", "zone", "message"]);
        return TextTable.Render(headers, rows);
    }
}
