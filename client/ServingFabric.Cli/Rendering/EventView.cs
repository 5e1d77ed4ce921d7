using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ServingFabric.Cli.Rendering;

/// <summary>
/// Renders events (<c>GET /v1/events</c>, or a model's recent events) as a table, oldest first; a "by" column names who
/// caused each change when any event has an actor.
/// </summary>
internal static class EventView
{
    /// <summary>The view as plain text, as redirected output shows it.</summary>
    public static string Render(JsonElement events, bool includeModel) => FabricConsole.Plain(console => Write(console, events, includeModel));

    public static void Write(IAnsiConsole console, JsonElement events, bool includeModel) =>
        Write(console, [.. events.EnumerateArray()], includeModel, showHeaders: true);

    /// <summary>Writes <paramref name="entries"/>; without headers when they continue a table already printed (events --follow).</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<JsonElement> entries, bool includeModel, bool showHeaders)
    {
        var ordered = entries.OrderBy(e => e.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        if (ordered.Count == 0)
        {
            console.Write(new Text("no events\n"));
            return;
        }

        var withActor = ordered.Any(e => ModelView.Str(e, "actor") != "-");
        var rows = new List<IReadOnlyList<IRenderable>>();
        foreach (var entry in ordered)
        {
            var time = entry.GetProperty("timestamp").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var sequence = entry.GetProperty("sequence").GetInt64().ToString(CultureInfo.InvariantCulture);
            List<IRenderable> row = includeModel ? [FabricTable.Cell(ModelView.Str(entry, "model"))] : [];
            row.AddRange([
                FabricTable.Cell(sequence), FabricTable.Cell(time), FabricTable.Cell(ModelView.Str(entry, "kind"), KindStyle(ModelView.Str(entry, "kind"))),
                FabricTable.Cell(ModelView.Str(entry, "replica")), FabricTable.Cell(ModelView.Str(entry, "zone")),
            ]);
            if (withActor)
            {
                row.Add(FabricTable.Cell(ModelView.Str(entry, "actor")));
            }

            row.Add(FabricTable.Cell(ModelView.Str(entry, "message")));
            rows.Add(row);
        }

        List<string> headers = includeModel ? ["model"] : [];
        headers.AddRange(["seq", "time (utc)", "kind", "replica", "zone"]);
        if (withActor)
        {
            headers.Add("by");
        }

        headers.Add("message");
        var table = FabricTable.Create(headers, rows);
        table.ShowHeaders = showHeaders;
        console.Write(table);
    }

    // Losses and failures stand out in a long log; everything else stays plain.
    private static Style KindStyle(string kind) =>
        kind.Contains("Lost", StringComparison.Ordinal) || kind.Contains("Unhealthy", StringComparison.Ordinal)
        || kind.Contains("RolledBack", StringComparison.Ordinal) || kind.Contains("Ejected", StringComparison.Ordinal)
            ? new Style(Color.Red)
            : Style.Plain;
}
