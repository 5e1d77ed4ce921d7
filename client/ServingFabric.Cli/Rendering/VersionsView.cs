using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ServingFabric.Cli.Rendering;

/// <summary>Renders the version registry (<c>GET /v1/models/{name}/versions</c>, or a model's <c>registry</c>) as a table.</summary>
internal static class VersionsView
{
    /// <summary>The view as plain text, as redirected output shows it.</summary>
    public static string Render(IEnumerable<JsonElement> versions) => FabricConsole.Plain(console => Write(console, versions));

    public static void Write(IAnsiConsole console, IEnumerable<JsonElement> versions)
    {
        var rows = versions.Select(v => (IReadOnlyList<IRenderable>)
        [
            FabricTable.Cell(ModelView.Str(v, "version")),
            Colours.Cell(ModelView.Str(v, "lifecycle")),
            FabricTable.Cell(v.TryGetProperty("is_default", out var d) && d.ValueKind == JsonValueKind.True ? "yes" : "no"),
            FabricTable.Cell(Cells.Percent(Cells.Number(v, "traffic_percent"))),
            FabricTable.Cell(Cells.Time(v, "registered_at")),
            FabricTable.Cell(ModelView.Str(v, "registered_by")),
            FabricTable.Cell(Short(ModelView.Str(v, "sha256"))),
            FabricTable.Cell(ModelView.Str(v, "artifact")),
            FabricTable.Cell(Optimized(v)),
        ]).ToList();
        if (rows.Count == 0)
        {
            console.Write(new Text("no versions\n"));
            return;
        }

        console.Write(FabricTable.Create(["version", "lifecycle", "default", "traffic", "registered (utc)", "by", "sha-256", "artifact", "optimized"], rows));
    }

    // "from 1, agreement 99.33 %": where an optimized version came from and what its gate measured; the steps are in the JSON.
    private static string Optimized(JsonElement version)
    {
        if (!version.TryGetProperty("optimization", out var o) || o.ValueKind != JsonValueKind.Object)
        {
            return "-";
        }

        var agreement = o.TryGetProperty("top1_agreement", out var a) && a.ValueKind == JsonValueKind.Number
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", agreement {a.GetDouble():P2}")
            : "";
        return $"from {ModelView.Str(o, "source_version")}{agreement}";
    }

    // The first 12 hex digits tell artifacts apart at a glance; the full digest is in the JSON.
    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
